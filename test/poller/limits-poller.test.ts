import { describe, expect, it } from 'vitest';
import type { RateLimit, SpendAlert, SpendLimit } from '../../src/domain/limits.js';
import { LimitsPoller, type LimitsSource } from '../../src/poller/limits-poller.js';

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
    const poller = new LimitsPoller(source, () => ['proj_b', 'proj_a']);
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
    const poller = new LimitsPoller(source, () => ids);
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
    const poller = new LimitsPoller(source, () => ['proj_a']);
    expect(await poller.poll()).toBe(true);
    expect(await poller.poll()).toBe(false);
    held.org = { thresholdCents: 2_000_000, enforcementStatus: 'enforcing' };
    expect(await poller.poll()).toBe(true);
    expect(poller.snapshot?.spendLimit?.thresholdCents).toBe(2_000_000);
  });

  it('rejects a failed poll and keeps the last good snapshot whole', async () => {
    const held = holdings();
    const { source, failOn } = fakeSource(held);
    const poller = new LimitsPoller(source, () => ['proj_a', 'proj_b']);
    await poller.poll();
    const good = poller.snapshot;
    held.org = { thresholdCents: 1, enforcementStatus: 'enforcing' };
    failOn('proj_b rates');
    await expect(poller.poll()).rejects.toThrow('proj_b rates failed');
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
    const poller = new LimitsPoller(fakeSource(held).source, () => ['proj_a', 'proj_a']);
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

  it("serves as the scheduler task of subject 'limits'", async () => {
    const poller = new LimitsPoller(fakeSource(holdings()).source, () => []);
    expect(poller.subject).toBe('limits');
    expect(await poller.run(new AbortController().signal)).toBe(true);
    expect(poller.snapshot?.projects).toEqual([]);
  });

  it('passes the abort signal to every read', async () => {
    const { source, signals } = fakeSource(holdings());
    const controller = new AbortController();
    await new LimitsPoller(source, () => ['proj_a']).poll(controller.signal);
    expect(signals).toHaveLength(5);
    expect(signals.every((s) => s === controller.signal)).toBe(true);
  });
});
