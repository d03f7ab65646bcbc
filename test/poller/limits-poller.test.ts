import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RateLimit, SpendAlert, SpendLimit } from '../../src/domain/limits.js';
import { type ActiveProjectIds, LimitsPoller, type LimitsSource } from '../../src/poller/limits-poller.js';

interface Finished {
  category: string;
  width: string;
  ok: boolean;
}

/** A poller whose finished polls are recorded, on a clock that does not move. */
function limitsPoller(source: LimitsSource, ids: ActiveProjectIds) {
  const finished: Finished[] = [];
  const reporter = {
    pollFinished: (category: string, width: string, ok: boolean) =>
      void finished.push({ category, width, ok }),
    malformed: () => undefined,
  };
  const poller = new LimitsPoller(source, ids, {
    reporter,
    logger: pino({ level: 'silent' }),
    nowMs: () => 0,
  });
  return Object.assign(poller, { finished });
}

interface Holdings {
  org?: SpendLimit;
  orgAlerts: SpendAlert[];
  projects: Record<string, { limit?: SpendLimit; alerts: SpendAlert[]; rates: RateLimit[] }>;
}

const rate = (model: string, tpm = 1000): RateLimit => ({
  id: `rl-${model}`,
  model,
  maxRequestsPerMinute: 10,
  maxTokensPerMinute: tpm,
});

function fakeSource(holdings: Holdings) {
  const calls: string[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  let failOn: string | undefined;
  const call = <T>(name: string, value: T, signal: AbortSignal | undefined): Promise<T> => {
    calls.push(name);
    signals.push(signal);
    return name === failOn ? Promise.reject(new Error(`${name} failed`)) : Promise.resolve(value);
  };
  const project = (id: string) => holdings.projects[id] ?? { alerts: [], rates: [] };
  const source: LimitsSource = {
    organizationSpendLimit: (signal) => call('org limit', holdings.org, signal),
    organizationSpendAlerts: (signal) => call('org alerts', holdings.orgAlerts, signal),
    projectSpendLimit: (id, signal) => call(`${id} limit`, project(id).limit, signal),
    projectSpendAlerts: (id, signal) => call(`${id} alerts`, project(id).alerts, signal),
    projectRateLimits: (id, signal) => call(`${id} rates`, project(id).rates, signal),
  };
  return { source, calls, signals, failOn: (name: string | undefined) => (failOn = name) };
}

const holdings = (): Holdings => ({
  org: { thresholdCents: 1_000_000, enforcementStatus: 'enforcing' },
  orgAlerts: [{ id: 'alert_b', thresholdCents: 500_000 }],
  projects: {
    proj_a: {
      limit: { thresholdCents: 10_000, enforcementStatus: 'inactive' },
      alerts: [],
      rates: [rate('gpt-4o')],
    },
    proj_b: { alerts: [{ id: 'alert_x', thresholdCents: 5_000 }], rates: [] },
  },
});

describe('the limits poller', () => {
  it('reads the organization, then each active project the names poller knows, into one snapshot', async () => {
    const { source, calls } = fakeSource(holdings());
    const poller = limitsPoller(source, () => ['proj_b', 'proj_a']);
    expect(poller.snapshot).toBeUndefined();
    expect(await poller.poll()).toBe(true);
    expect(poller.snapshot).toEqual({
      spendLimit: { thresholdCents: 1_000_000, enforcementStatus: 'enforcing' },
      spendAlerts: [{ id: 'alert_b', thresholdCents: 500_000 }],
      projects: [
        {
          projectId: 'proj_a',
          spendLimit: { thresholdCents: 10_000, enforcementStatus: 'inactive' },
          spendAlerts: [],
          rateLimits: [rate('gpt-4o')],
        },
        {
          projectId: 'proj_b',
          spendLimit: undefined,
          spendAlerts: [{ id: 'alert_x', thresholdCents: 5_000 }],
          rateLimits: [],
        },
      ],
    });
    expect(calls).toEqual([
      'org limit',
      'org alerts',
      'proj_a limit',
      'proj_a alerts',
      'proj_a rates',
      'proj_b limit',
      'proj_b alerts',
      'proj_b rates',
    ]);
  });

  it('asks for the project list anew on every poll', async () => {
    const { source, calls } = fakeSource(holdings());
    let ids = ['proj_a'];
    const poller = limitsPoller(source, () => ids);
    await poller.poll();
    ids = ['proj_b'];
    calls.length = 0;
    await poller.poll();
    expect(calls.filter((c) => c.startsWith('proj_'))).toEqual([
      'proj_b limit',
      'proj_b alerts',
      'proj_b rates',
    ]);
    expect(poller.snapshot?.projects.map((p) => p.projectId)).toEqual(['proj_b']);
  });

  it('says whether the limits changed since the last good poll', async () => {
    const held = holdings();
    const { source } = fakeSource(held);
    const poller = limitsPoller(source, () => ['proj_a']);
    expect(await poller.poll()).toBe(true);
    expect(await poller.poll()).toBe(false);
    held.org = { thresholdCents: 2_000_000, enforcementStatus: 'enforcing' };
    expect(await poller.poll()).toBe(true);
    expect(poller.snapshot?.spendLimit?.thresholdCents).toBe(2_000_000);
  });

  it('counts a failed poll as failed, under subject limits, and keeps the last good snapshot whole', async () => {
    const held = holdings();
    const { source, failOn } = fakeSource(held);
    const poller = limitsPoller(source, () => ['proj_a', 'proj_b']);
    await poller.poll();
    const good = poller.snapshot;
    held.org = { thresholdCents: 1, enforcementStatus: 'enforcing' };
    failOn('proj_b rates');
    expect(await poller.execute()).toEqual({ outcome: 'failed', changed: false });
    expect(poller.progress.lastError).toBe('Error: proj_b rates failed');
    expect(poller.finished).toEqual([
      { category: 'limits', width: '', ok: true },
      { category: 'limits', width: '', ok: false },
    ]);
    expect(poller.snapshot).toBe(good);
    failOn(undefined);
    expect(await poller.poll()).toBe(true);
    expect(poller.snapshot?.spendLimit?.thresholdCents).toBe(1);
  });

  it('keeps each alert id and each rate-limit model once, sorted, so no series is duplicated', async () => {
    const held = holdings();
    held.orgAlerts = [
      { id: 'alert_z', thresholdCents: 1 },
      { id: 'alert_a', thresholdCents: 2 },
      { id: 'alert_z', thresholdCents: 3 },
    ];
    held.projects.proj_a = { alerts: [], rates: [rate('o3', 5), rate('gpt-4o', 1), rate('o3', 9)] };
    const poller = limitsPoller(fakeSource(held).source, () => ['proj_a', 'proj_a']);
    await poller.poll();
    expect(poller.snapshot?.spendAlerts.map((a) => [a.id, a.thresholdCents])).toEqual([
      ['alert_a', 2],
      ['alert_z', 1],
    ]);
    expect(poller.snapshot?.projects).toHaveLength(1);
    expect(poller.snapshot?.projects[0]?.rateLimits.map((r) => [r.model, r.maxTokensPerMinute])).toEqual([
      ['gpt-4o', 1],
      ['o3', 5],
    ]);
  });

  it("runs as the poll of subject 'limits' with no width", async () => {
    const poller = limitsPoller(fakeSource(holdings()).source, () => []);
    expect(poller.subject).toBe('limits');
    expect(await poller.execute(new AbortController().signal)).toEqual({ outcome: 'success', changed: true });
    expect(poller.snapshot?.projects).toEqual([]);
  });

  it('passes the abort signal to every read', async () => {
    const { source, signals } = fakeSource(holdings());
    const controller = new AbortController();
    await limitsPoller(source, () => ['proj_a']).poll(controller.signal);
    expect(signals).toHaveLength(5);
    expect(signals.every((s) => s === controller.signal)).toBe(true);
  });
});

describe('the limits poller waiting for its project list', () => {
  it('reads the projects only once the list is given, and counts a poll cut short by shutdown as aborted', async () => {
    const { source, calls } = fakeSource(holdings());
    const controller = new AbortController();
    const poller = limitsPoller(source, async (signal) => {
      controller.abort();
      signal?.throwIfAborted();
      return ['proj_a'];
    });
    expect(await poller.execute(controller.signal)).toEqual({ outcome: 'aborted', changed: false });
    expect(calls).toEqual([]);
    expect(poller.finished).toEqual([]);
    expect(poller.snapshot).toBeUndefined();
  });
});
