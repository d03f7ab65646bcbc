import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryId } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import type { Fleet } from '../../src/exporter/fleet.js';
import { counterMismatches } from '../support/exactness.js';
import { parseExposition } from '../support/exposition.js';
import { buildFleet, type KeyedUpstream, startKeyedUpstream } from '../support/fleet-harness.js';
import { VirtualClock } from '../support/virtual-clock.js';

// Three organizations in one exporter, each polled on its own schedule against its own simulated
// organization (another seed, organization id and key) behind one upstream address.

const MINUTE = 60_000;
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 17);
const TRAFFIC_END = START_MS / 1000 + 3600;
const CATEGORIES: readonly CategoryId[] = ['completions', 'embeddings', 'costs'];
const ARGV = [
  `--categories=${CATEGORIES.join(',')}`,
  '--names.enabled=false',
  '--limits.enabled=false',
  '--poll.window=30m',
];
/** Per organization: its three categories and its midnight timer. */
const LOOPS_PER_ORGANIZATION = CATEGORIES.length + 1;
const NAMES = ['acme', 'globex', 'initech'];

/** Moves the clock minute by minute, each step once every loop sleeps again (polls are real I/O). */
async function play(clock: VirtualClock, ms: number, loops: number): Promise<void> {
  const end = clock.now() + ms;
  const settle = async () => {
    while (clock.pending < loops) await new Promise((resolve) => setImmediate(resolve));
  };
  while (clock.now() < end) {
    await settle();
    await clock.advance(MINUTE);
  }
  await settle();
}

/** What the fleet serves for one organization equals that organization's final totals. */
function mismatches(fleet: Fleet, name: string, endTime: number) {
  const member = fleet.members.find((candidate) => candidate.name === name);
  const organization = upstream.organizations.get(name);
  if (member === undefined || organization === undefined) throw new Error(`no organization ${name}`);
  const parsed = parseExposition(member.exporter.cache.plain.toString());
  return CATEGORIES.flatMap((category) => {
    const ledger = member.exporter.ledger(category);
    const startTime = ledger?.countedSince ?? endTime;
    const groupBy = config.categories[category].groupBy;
    return counterMismatches(
      parsed,
      organization.simulator.truth,
      { category, startTime, endTime, groupBy },
      category === 'costs' ? 1e-9 : 0,
    ).map((mismatch) => ({ organization: name, ...mismatch }));
  });
}

const clock = new VirtualClock(START_MS);
const config = loadConfig(ARGV, {}).config;
let upstream: KeyedUpstream;
const root = mkdtempSync(join(tmpdir(), 'fleet-'));
const directories = NAMES.map((name) => ({ name, directory: join(root, name) }));

beforeAll(async () => {
  upstream = await startKeyedUpstream(NAMES, { now: () => clock.now(), trafficEndTime: TRAFFIC_END });
});
afterAll(() => upstream.close());

describe('a fleet of three organizations', () => {
  let fleet: Fleet;

  it('is ready only when every organization finished its first polls', async () => {
    ({ fleet } = await buildFleet(directories, upstream.baseUrl, clock, ARGV));
    expect(fleet.ready).toBe(false);
    expect(fleet.pending()).toContain('globex costs 1d');
    fleet.start({ clock });
    await play(clock, 0, NAMES.length * LOOPS_PER_ORGANIZATION);
    expect(fleet.pending()).toEqual([]);
    expect(fleet.ready).toBe(true);
  }, 60_000);

  it('counts every organization exactly, each from its own upstream organization', async () => {
    await play(clock, (TRAFFIC_END + 40 * 60) * 1000 - clock.now(), NAMES.length * LOOPS_PER_ORGANIZATION);
    const endTime = Math.floor(clock.now() / 1000);
    for (const name of NAMES) expect(mismatches(fleet, name, endTime)).toEqual([]);
    // Different organizations, different data: the fleet did not serve one organization thrice.
    const totals = NAMES.map((name) => {
      const member = fleet.members.find((candidate) => candidate.name === name);
      return member?.exporter.cache.plain.toString().length;
    });
    expect(new Set(totals).size).toBe(NAMES.length);
  }, 180_000);

  it('continues each organization from its own state after a restart, with no reset', async () => {
    await fleet.stop();
    const before = new Map(
      fleet.members.map((m) => [m.name, m.exporter.ledger('completions')?.countedSince]),
    );
    const served = new Map(fleet.members.map((m) => [m.name, m.exporter.cache.plain.toString()]));
    const restarted = await buildFleet(directories, upstream.baseUrl, clock, ARGV);
    await restarted.fleet.renderAll();
    for (const member of restarted.fleet.members) {
      expect(member.exporter.ledger('completions')?.countedSince).toBe(before.get(member.name));
      const counters = (text: string) =>
        parseExposition(text)
          .samples.filter((s) => /^openai_(?!exporter_).*_total$/.test(s.name))
          .map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`)
          .sort();
      const again = counters(member.exporter.cache.plain.toString());
      expect(again.length).toBeGreaterThan(0);
      expect(again).toEqual(counters(served.get(member.name) ?? ''));
    }
    const endTime = Math.floor(clock.now() / 1000);
    for (const name of NAMES) expect(mismatches(restarted.fleet, name, endTime)).toEqual([]);
  }, 60_000);
});
