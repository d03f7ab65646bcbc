import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, NOW_MS, startUpstream, TODAY, type Upstream } from './support/upstream.js';

// Costs results carry `organization_id` (not in the spec, present in every real answer): the state
// file records it so that a new admin key can be told apart from a new organization.

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream({ organizationId: 'org-StateIdentityTest' });
});
afterAll(() => upstream.close());

describe('asking the upstream which organization the key belongs to', () => {
  it('reads organization_id from one page of the last 30 days of costs', async () => {
    const { client } = makeClient(upstream.baseUrl);
    const before = upstream.requests.length;
    expect(await client.organizationId(NOW_MS / 1000)).toBe('org-StateIdentityTest');
    expect(upstream.requests.length - before).toBe(1);
    const url = upstream.requests.at(-1)?.url;
    expect(url?.pathname).toBe('/v1/organization/costs');
    expect(url?.searchParams.get('bucket_width')).toBe('1d');
    expect(url?.searchParams.get('start_time')).toBe(String(TODAY - 30 * 86_400));
  });
});
