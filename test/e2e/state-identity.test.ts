import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../simulator/index.js';
import { parseExposition, sumOf } from '../support/exposition.js';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';

// The organization behind the saved counters, as a user meets it: a rotated admin key continues,
// a key of another organization starts afresh with one warning and a counted recovery.

let first: RunningSimulator;
let other: RunningSimulator;
beforeAll(async () => {
  first = await createSimulator({ seed: 9, organizationId: 'org-FirstOrganization' }).listen();
  other = await createSimulator({ seed: 9, organizationId: 'org-OtherOrganization' }).listen();
});
afterAll(async () => {
  killAll();
  await first.close();
  await other.close();
});

const once = (upstream: RunningSimulator, storage: string, key: string) =>
  spawnExporter(
    [
      '--once',
      `--openai.base-url=${upstream.baseUrl}`,
      `--storage.path=${storage}`,
      '--log.level=warn',
      '--openai.requests-per-second=100',
    ],
    { OPENAI_ADMIN_KEY: key },
  );

const savedIdentity = (storage: string) =>
  JSON.parse(readFileSync(join(storage, 'openai-usage-exporter.state.json'), 'utf8')).identity;

describe('the organization behind saved state', () => {
  it('continues after a key rotation and starts afresh for another organization', async () => {
    const storage = tempDirectory('oue-identity-');
    const initial = once(first, storage, 'sk-admin-first-key');
    expect(await initial.exited).toBe(0);
    expect(savedIdentity(storage).organizationId).toBe('org-FirstOrganization');
    expect(initial.output()).not.toContain('sk-admin-first-key');

    const rotated = once(first, storage, 'sk-admin-rotated-key');
    expect(await rotated.exited).toBe(0);
    expect(sumOf(parseExposition(rotated.stdout()), 'openai_exporter_state_recoveries_total')).toBe(0);
    expect(rotated.output()).not.toMatch(/"level":40/);

    const moved = once(other, storage, 'sk-admin-other-organization');
    expect(await moved.exited).toBe(0);
    const parsed = parseExposition(moved.stdout());
    expect(sumOf(parsed, 'openai_exporter_state_recoveries_total', { reason: 'other_organization' })).toBe(1);
    expect(moved.output()).toContain('organization changed: org-FirstOrganization -> org-OtherOrganization');
    expect(savedIdentity(storage).organizationId).toBe('org-OtherOrganization');
  }, 120_000);
});
