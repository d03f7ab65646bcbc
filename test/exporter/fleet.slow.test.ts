import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryId } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import type { Fleet } from '../../src/exporter/fleet.js';
import { FixedKey } from '../../src/secrets/rotating-key.js';
import { type ParsedExposition, sumOf } from '../support/exposition.js';
import { buildFleet, type KeyedUpstream, keyOf, startKeyedUpstream } from '../support/fleet-harness.js';
import { fleetMismatches, organizationSeries, playMinutes, settle } from '../support/fleet-play.js';
import { VirtualClock } from '../support/virtual-clock.js';

// Three organizations in one exporter, each polled on its own schedule against its own simulated
// organization (another seed, organization id and key) behind one upstream address.

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

const clock = new VirtualClock(START_MS);
const config = loadConfig(ARGV, {}).config;
let upstream: KeyedUpstream;
const root = mkdtempSync(join(tmpdir(), 'fleet-'));
let served = new Map<string, string[]>();
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
    await settle(clock, NAMES.length * LOOPS_PER_ORGANIZATION);
    expect(fleet.pending()).toEqual([]);
    expect(fleet.ready).toBe(true);
  }, 60_000);

  it('counts every organization exactly, each from its own upstream organization', async () => {
    const minutes = Math.ceil(((TRAFFIC_END + 40 * 60) * 1000 - clock.now()) / 60_000);
    await playMinutes(clock, minutes, NAMES.length * LOOPS_PER_ORGANIZATION);
    const endTime = Math.floor(clock.now() / 1000);
    for (const name of NAMES) expect(fleetMismatches(fleet, upstream, config, name, endTime)).toEqual([]);
    // Different organizations, different data: the fleet did not serve one organization thrice.
    const totals = NAMES.map((name) =>
      sumOf(organizationSeries(fleet, name), 'openai_completions_requests_total'),
    );
    expect(totals.every((total) => total > 0)).toBe(true);
    expect(new Set(totals).size).toBe(NAMES.length);
    // One HELP and TYPE per family, every organization's samples under it.
    const text = fleet.cache.plain.toString();
    expect(text.match(/^# TYPE openai_completions_requests_total /gm)).toHaveLength(1);
  }, 180_000);

  it('continues each organization from its own state after a restart, with no reset', async () => {
    await fleet.stop();
    const before = new Map(
      fleet.members.map((m) => [m.name, m.exporter.ledger('completions')?.countedSince]),
    );
    served = new Map(NAMES.map((name) => [name, counters(organizationSeries(fleet, name))]));
    const restarted = await buildFleet(directories, upstream.baseUrl, clock, ARGV);
    await restarted.fleet.renderAll();
    for (const member of restarted.fleet.members) {
      expect(member.exporter.ledger('completions')?.countedSince).toBe(before.get(member.name));
      const again = counters(organizationSeries(restarted.fleet, member.name));
      expect(again.length).toBeGreaterThan(0);
      expect(again).toEqual(served.get(member.name));
    }
    const endTime = Math.floor(clock.now() / 1000);
    for (const name of NAMES)
      expect(fleetMismatches(restarted.fleet, upstream, config, name, endTime)).toEqual([]);
  }, 60_000);

  it('refuses swapped key files after a restart: nothing polled, nothing mixed, counters kept', async () => {
    const swapped = directories.map(({ name, directory }) => ({
      name,
      directory,
      // acme and globex trade keys; initech keeps its own.
      key: new FixedKey(keyOf(name === 'acme' ? 'globex' : name === 'globex' ? 'acme' : name)),
    }));
    const requests = () => NAMES.map((name) => upstream.organizations.get(name)?.requests.length ?? 0);
    const { fleet: restarted } = await buildFleet(swapped, upstream.baseUrl, clock, ARGV);
    const afterLookup = requests();
    restarted.start({ clock });
    await playMinutes(clock, 5, NAMES.length * LOOPS_PER_ORGANIZATION);
    await restarted.stop();
    const [acme, globex, initech] = restarted.members;
    expect([acme?.guard.refused, globex?.guard.refused, initech?.guard.refused]).toEqual([true, true, false]);
    const after = requests();
    // Only initech polled; acme and globex each sent the one lookup that told the keys apart.
    expect(after[0]).toBe(afterLookup[0]);
    expect(after[1]).toBe(afterLookup[1]);
    expect((after[2] ?? 0) - (afterLookup[2] ?? 0)).toBeGreaterThanOrEqual(5);
    for (const name of ['acme', 'globex']) {
      const series = organizationSeries(restarted, name);
      expect(counters(series)).toEqual(served.get(name));
      expect(sumOf(series, 'openai_exporter_organization_mismatch_total')).toBe(1);
    }
  }, 60_000);
});

function counters(parsed: ParsedExposition): string[] {
  return parsed.samples
    .filter((s) => /^openai_(?!exporter_).*_total$/.test(s.name))
    .map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`)
    .sort();
}
