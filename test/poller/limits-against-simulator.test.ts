// The limits pieces end to end in process: simulator -> LimitsClient -> LimitsPoller -> exposition.

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS_PERIOD_SECONDS } from '../../simulator/index.js';
import { renderLimits } from '../../src/metrics/limits-renderer.js';
import { LimitsClient } from '../../src/openai/index.js';
import { LimitsPoller } from '../../src/poller/limits-poller.js';
import { ADMIN_KEY, type Harness, startHarness } from '../simulator/helpers.js';
import { expectedLimitsSeries as expected, servedLimitsSeries as served } from '../support/limits-series.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: { projects: 6 } });
});
afterAll(() => h.close());

function poller(): LimitsPoller {
  const client = new LimitsClient({ baseUrl: h.running.baseUrl, adminKey: ADMIN_KEY, maxRetries: 0 });
  const reporter = { pollFinished: () => undefined, malformed: () => undefined };
  return new LimitsPoller(client, () => h.sim.organization.projects.map((p) => p.id), {
    reporter,
    logger: pino({ level: 'silent' }),
    nowMs: () => h.clock.now(),
  });
}

describe('limits from the simulator to the exposition', () => {
  it('exports every limit the simulator holds with its value, and nothing for unset limits', async () => {
    const p = poller();
    await p.poll();
    const limits = h.sim.limits();
    expect(limits.projects.some((x) => x.spendLimit === undefined)).toBe(true);
    expect(served(renderLimits(p.snapshot, undefined, 'acme'))).toEqual(expected(limits));
  });

  it('shows a changed limit after the next poll', async () => {
    const p = poller();
    await p.poll();
    const before = renderLimits(p.snapshot, undefined, 'acme');
    h.clock.advanceSeconds(LIMITS_PERIOD_SECONDS);
    try {
      expect(await p.poll()).toBe(true);
      const after = renderLimits(p.snapshot, undefined, 'acme');
      expect(after).not.toBe(before);
      expect(served(after)).toEqual(expected(h.sim.limits()));
    } finally {
      h.clock.advanceSeconds(-LIMITS_PERIOD_SECONDS);
    }
  });

  it('keeps the last good limits when the endpoint fails with a 403, and says so as an upstream error', async () => {
    const p = poller();
    await p.poll();
    const good = p.snapshot;
    h.sim.faults.inject({ kind: 'status', status: 403, pathPrefix: 'organization/projects/' });
    try {
      expect((await p.execute()).outcome).toBe('upstream_error');
      expect(p.progress.lastError).toMatch(/^limits: upstream answered HTTP 403/);
    } finally {
      h.sim.faults.clear();
    }
    expect(p.snapshot).toBe(good);
  });
});
