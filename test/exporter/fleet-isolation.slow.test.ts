import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Fleet } from '../../src/exporter/fleet.js';
import { buildFleet, type KeyedUpstream, startKeyedUpstream } from '../support/fleet-harness.js';
import { fleetMismatches, playMinutes } from '../support/fleet-play.js';
import { VirtualClock } from '../support/virtual-clock.js';

// One organization's upstream fails for a while (401, then a 429 storm, then an outage) while the
// others keep polling on schedule, stay fresh and stay exact.

const START_MS = Date.UTC(2026, 10, 20, 9, 0, 17);
const TRAFFIC_END = START_MS / 1000 + 2 * 3600;
const ARGV = [
  '--categories=completions,costs',
  '--names.enabled=false',
  '--limits.enabled=false',
  '--poll.window=30m',
];
const LOOPS = 3 * 3;
const NAMES = ['acme', 'globex', 'initech'];
const FAILING = 'globex';
const HEALTHY = ['acme', 'initech'];

const clock = new VirtualClock(START_MS);
const config = loadConfig(ARGV, {}).config;
let upstream: KeyedUpstream;
let fleet: Fleet;

beforeAll(async () => {
  upstream = await startKeyedUpstream(NAMES, { now: () => clock.now(), trafficEndTime: TRAFFIC_END });
  const root = mkdtempSync(join(tmpdir(), 'fleet-isolation-'));
  ({ fleet } = await buildFleet(
    NAMES.map((name) => ({ name, directory: join(root, name) })),
    upstream.baseUrl,
    clock,
    ARGV,
  ));
  fleet.start({ clock });
  await playMinutes(clock, 20, LOOPS);
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
  await upstream?.close();
});

const organization = (name: string) => {
  const found = upstream.organizations.get(name);
  if (found === undefined) throw new Error(name);
  return found;
};
const member = (name: string) => {
  const found = fleet.members.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(name);
  return found;
};
const usagePolls = (name: string) =>
  organization(name).requests.filter((path) => path === 'organization/usage/completions').length;

/** Unix seconds of the last successful poll of `category` at `width` for organization `name`. */
const lastSuccess = (name: string, category: string, width: string): number =>
  member(name).exporter.pollers.find((poller) => poller.spec.id === category)?.progress[width as '1m']
    ?.lastSuccess ?? 0;

/** Minute usage polled within the last minute, costs since `sinceMs`. */
function fresh(name: string, sinceMs: number): boolean {
  return (
    lastSuccess(name, 'completions', '1m') >= clock.now() / 1000 - 60 &&
    lastSuccess(name, 'costs', '1d') >= sinceMs / 1000
  );
}

describe('one failing organization among three', () => {
  for (const [fault, what] of [
    [{ kind: 'status', status: 401 }, 'answers 401 (a revoked key)'],
    [{ kind: 'status', status: 429, retryAfter: '300' }, 'answers a storm of 429 asking for 5-minute pauses'],
    [{ kind: 'status', status: 503 }, 'is down (503)'],
  ] as const) {
    it(`delays no other organization while its upstream ${what}`, async () => {
      organization(FAILING).simulator.faults.inject(fault);
      const before = new Map(NAMES.map((name) => [name, usagePolls(name)]));
      const since = clock.now();
      try {
        await playMinutes(clock, 15, LOOPS);
      } finally {
        organization(FAILING).simulator.faults.clear();
      }
      for (const name of HEALTHY) {
        // A 1m poll a minute and a 1h poll at each hourly interval, as without the fault.
        expect(usagePolls(name) - (before.get(name) ?? 0)).toBeGreaterThanOrEqual(15);
        expect(fresh(name, since)).toBe(true);
      }
      expect(lastSuccess(FAILING, 'completions', '1m')).toBeLessThanOrEqual(since / 1000);
      expect(fleet.ready).toBe(true);
    }, 120_000);
  }

  it('pauses only the rate-limited organization: it sent next to nothing during its pauses', async () => {
    organization(FAILING).simulator.faults.inject({ kind: 'status', status: 429, retryAfter: '600' });
    const before = organization(FAILING).requests.length;
    try {
      await playMinutes(clock, 9, LOOPS);
    } finally {
      organization(FAILING).simulator.faults.clear();
    }
    // The first 429 pauses every category of the organization for 10 minutes; the others wait it out.
    expect(organization(FAILING).requests.length - before).toBeLessThanOrEqual(
      config.categories.costs.enabled ? 3 : 2,
    );
  }, 120_000);

  it('counts every organization exactly once the failing one recovered', async () => {
    const since = clock.now();
    await playMinutes(clock, Math.ceil((TRAFFIC_END * 1000 + 45 * 60_000 - clock.now()) / 60_000), LOOPS);
    expect(fresh(FAILING, since)).toBe(true);
    const endTime = Math.floor(clock.now() / 1000);
    for (const name of NAMES) expect(fleetMismatches(fleet, upstream, config, name, endTime)).toEqual([]);
  }, 180_000);
});
