import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LimitsClient,
  type LimitsClientOptions,
  MalformedPageError,
  UpstreamHttpError,
} from '../../src/openai/index.js';
import { cannedUpstream } from './support/canned-upstream.js';
import { createFakeClock } from './support/fake-clock.js';
import { ADMIN_KEY, rejectionOf, startUpstream, type Upstream } from './support/upstream.js';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream({ scale: { projects: 8 } });
});
afterAll(() => upstream.close());

function limitsClient(baseUrl: string, overrides: Partial<LimitsClientOptions> = {}) {
  const clock = createFakeClock();
  const events: string[] = [];
  const client = new LimitsClient({
    baseUrl,
    adminKey: ADMIN_KEY,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    observer: { onResponse: (subject, code) => events.push(`${subject} ${code}`) },
    ...overrides,
  });
  return { client, events, clock };
}

async function withCanned<T>(
  answer: (url: URL) => { status?: number; body: unknown },
  run: (client: LimitsClient, urls: URL[]) => Promise<T>,
): Promise<T> {
  const canned = await cannedUpstream(answer);
  try {
    return await run(limitsClient(canned.baseUrl).client, canned.urls);
  } finally {
    await canned.close();
  }
}

const truth = () => upstream.sim.limits();
const enforcement = (enforcing: boolean | undefined) => (enforcing ? 'enforcing' : 'inactive');

describe('the limits client, against the simulator', () => {
  it("reads the organization's hard limit in cents with its enforcement status", async () => {
    const { client, events } = limitsClient(upstream.baseUrl);
    const expected = truth().spendLimit;
    expect(expected).toBeDefined();
    expect(await client.organizationSpendLimit()).toEqual({
      thresholdCents: expected?.thresholdCents,
      enforcementStatus: enforcement(expected?.enforcing),
    });
    expect(events).toEqual(['limits 200']);
  });

  it("reads each project's hard limit, and undefined (not an error) where the API answers 404", async () => {
    const { client, events } = limitsClient(upstream.baseUrl);
    for (const project of truth().projects) {
      const limit = await client.projectSpendLimit(project.projectId);
      expect(limit).toEqual(
        project.spendLimit === undefined
          ? undefined
          : {
              thresholdCents: project.spendLimit.thresholdCents,
              enforcementStatus: enforcement(project.spendLimit.enforcing),
            },
      );
    }
    expect(events).toContain('limits 404');
  });

  it('lists spend alerts over several pages, keeping id and threshold only', async () => {
    const { client } = limitsClient(upstream.baseUrl, { listLimit: 2 });
    const before = upstream.requests.length;
    expect(await client.organizationSpendAlerts()).toEqual(
      truth().spendAlerts.map((a) => ({ id: a.id, thresholdCents: a.thresholdCents })),
    );
    const sent = upstream.requests.slice(before);
    expect(sent.map((r) => r.url.pathname)).toEqual(Array(2).fill('/v1/organization/spend_alerts'));
    expect(sent.map((r) => r.url.searchParams.get('after'))).toEqual([null, truth().spendAlerts[1]?.id]);
    for (const project of truth().projects) {
      expect(await client.projectSpendAlerts(project.projectId)).toEqual(
        project.spendAlerts.map((a) => ({ id: a.id, thresholdCents: a.thresholdCents })),
      );
    }
  });

  it("lists a project's rate limits, optional fields only where the API gives them", async () => {
    const { client } = limitsClient(upstream.baseUrl, { listLimit: 5 });
    const project = truth().projects[0];
    const limits = await client.projectRateLimits(project?.projectId ?? '');
    expect(limits).toEqual(project?.rateLimits);
    expect(limits.some((l) => l.maxImagesPerMinute !== undefined)).toBe(true);
    expect(limits.some((l) => !('maxImagesPerMinute' in l))).toBe(true);
  });

  it('treats an unknown project as one with no limits', async () => {
    const { client } = limitsClient(upstream.baseUrl);
    expect(await client.projectSpendLimit('proj_gone')).toBeUndefined();
    expect(await client.projectSpendAlerts('proj_gone')).toEqual([]);
    expect(await client.projectRateLimits('proj_gone')).toEqual([]);
  });
});

describe('the limits client, against canned answers', () => {
  it('takes an empty answer, null or {} for "no limit set"', async () => {
    for (const body of [undefined, null, {}]) {
      expect(
        await withCanned(
          () => ({ body }),
          (client) => client.organizationSpendLimit(),
        ),
      ).toBeUndefined();
    }
  });

  it('keeps an enforcement status it does not know, for the renderer to call not enforcing', async () => {
    const body = {
      object: 'project.spend_limit',
      threshold_amount: 12345,
      currency: 'USD',
      interval: 'month',
      enforcement: { status: 'paused' },
      extra: true,
    };
    expect(
      await withCanned(
        () => ({ body }),
        (c) => c.projectSpendLimit('proj_a'),
      ),
    ).toEqual({
      thresholdCents: 12345,
      enforcementStatus: 'paused',
    });
  });

  it('refuses a 403 (the key lacks the permission) as an UpstreamHttpError of the subject limits', async () => {
    const error = await withCanned(
      () => ({
        status: 403,
        body: { error: { message: 'Missing scopes', type: 'x', param: null, code: null } },
      }),
      (client) => rejectionOf(client.organizationSpendAlerts()),
    );
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect((error as UpstreamHttpError).status).toBe(403);
    expect(error.message).toMatch(/^limits: /);
  });

  it('retries a 5xx like every other admin call', async () => {
    let calls = 0;
    const limit = await withCanned(
      () => {
        calls += 1;
        return calls === 1
          ? { status: 503, body: {} }
          : {
              body: {
                object: 'organization.spend_limit',
                threshold_amount: 500,
                currency: 'USD',
                interval: 'month',
                enforcement: { status: 'enforcing' },
              },
            };
      },
      (client) => client.organizationSpendLimit(),
    );
    expect(calls).toBe(2);
    expect(limit).toEqual({ thresholdCents: 500, enforcementStatus: 'enforcing' });
  });

  it('refuses an answer that echoes the admin key', async () => {
    const error = await withCanned(
      () => ({ body: { object: 'list', data: [{ id: ADMIN_KEY, model: 'gpt-4o' }], has_more: false } }),
      (client) => rejectionOf(client.projectRateLimits('proj_a')),
    );
    expect(error).toBeInstanceOf(MalformedPageError);
    expect(error.message).not.toContain(ADMIN_KEY);
  });

  it('refuses a malformed item as a MalformedPageError naming the path and the field', async () => {
    const error = await withCanned(
      () => ({
        body: {
          object: 'list',
          data: [{ id: 'rl-a', object: 'project.rate_limit', model: 'a', max_requests_per_1_minute: 1 }],
          has_more: false,
        },
      }),
      (client) => rejectionOf(client.projectRateLimits('proj_a')),
    );
    expect(error).toBeInstanceOf(MalformedPageError);
    expect(error.message).toMatch(
      /^limits: .*organization\/projects\/proj_a\/rate_limits: rate limit 0 max_tokens_per_1_minute is missing/,
    );
  });
});
