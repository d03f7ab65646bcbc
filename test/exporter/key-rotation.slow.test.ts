import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Fleet } from '../../src/exporter/fleet.js';
import { RotatingKey } from '../../src/secrets/rotating-key.js';
import { sumOf } from '../support/exposition.js';
import { buildFleet, type KeyedUpstream, keyOf, startKeyedUpstream } from '../support/fleet-harness.js';
import { fleetMismatches, organizationSeries, playMinutes } from '../support/fleet-play.js';
import { VirtualClock } from '../support/virtual-clock.js';

// acme's key comes from a file that is rotated while the fleet runs: a new key of acme is used
// without a restart; a key of another organization is refused and acme stops polling, its series
// served as last good, until the file changes again.

const START_MS = Date.UTC(2026, 10, 20, 9, 0, 17);
const TRAFFIC_END = START_MS / 1000 + 3600;
const ARGV = [
  '--categories=completions,costs',
  '--names.enabled=false',
  '--limits.enabled=false',
  '--poll.window=30m',
];
const LOOPS = 2 * 3;
const NAMES = ['acme', 'globex'];

const clock = new VirtualClock(START_MS);
const config = loadConfig(ARGV, {}).config;
const root = mkdtempSync(join(tmpdir(), 'key-rotation-'));
const keyFile = join(root, 'acme-admin-key');
let upstream: KeyedUpstream;
let fleet: Fleet;

const acme = () => {
  const found = fleet.members.find((member) => member.name === 'acme');
  if (found === undefined) throw new Error('acme');
  return found;
};
const organization = (name: string) => {
  const found = upstream.organizations.get(name);
  if (found === undefined) throw new Error(name);
  return found;
};
/** acme's product series (not the self-metrics, which say how the polls went) as served. */
const acmeSeries = () =>
  organizationSeries(fleet, 'acme')
    .samples.filter((sample) => /^openai_(?!exporter_)/.test(sample.name))
    .map((sample) => `${sample.name}${JSON.stringify(sample.labels)} ${sample.value}`);

/** The key file, replaced as a secret volume replaces it: with a new size or mtime each time. */
const rotateTo = (key: string) => writeFileSync(keyFile, `${key}\n`);

beforeAll(async () => {
  upstream = await startKeyedUpstream(NAMES, { now: () => clock.now(), trafficEndTime: TRAFFIC_END });
  rotateTo(keyOf('acme'));
  const key = new RotatingKey({
    path: keyFile,
    initial: keyOf('acme'),
    read: () => readFileSync(keyFile, 'utf8').trim(),
    secrets: [],
    onInvalid: () => {},
  });
  ({ fleet } = await buildFleet(
    [
      { name: 'acme', directory: join(root, 'acme'), key },
      { name: 'globex', directory: join(root, 'globex') },
    ],
    upstream.baseUrl,
    clock,
    ARGV,
  ));
  fleet.start({ clock });
  await playMinutes(clock, 10, LOOPS);
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
  await upstream?.close();
});

describe('rotating the key file of one organization', () => {
  it('uses a new key of the same organization from the next request on, without a restart', async () => {
    organization('acme').keys.add(keyOf('acme', 2));
    rotateTo(keyOf('acme', 2));
    // The old key is revoked: a request sent with it would now fail.
    organization('acme').keys.delete(keyOf('acme'));
    await playMinutes(clock, 5, LOOPS);
    expect(acme().guard.key).toBe(keyOf('acme', 2));
    expect(acme().guard.refused).toBe(false);
    const nowSeconds = clock.now() / 1000;
    const minutes = acme().exporter.pollers.find((poller) => poller.spec.id === 'completions');
    expect(minutes?.progress['1m']?.lastSuccess).toBeGreaterThanOrEqual(nowSeconds - 60);
  }, 120_000);

  it('refuses a key of another organization: acme stops polling, its series stay, globex never mixes in', async () => {
    const served = acmeSeries();
    const before = organization('globex').requests.length;
    const globexPolls = () => organization('globex').requests.length - before;
    rotateTo(keyOf('globex'));
    await playMinutes(clock, 10, LOOPS);
    expect(acme().guard.refused).toBe(true);
    expect(acme().guard.key).toBe(keyOf('acme', 2));
    const counted = sumOf(organizationSeries(fleet, 'acme'), 'openai_exporter_organization_mismatch_total');
    expect(counted).toBe(1);
    // globex saw its own polls and the one request that asked which organization the key is of.
    const globexOwn = 10 + 1;
    expect(globexPolls()).toBeGreaterThanOrEqual(globexOwn);
    const costsAsked = organization('globex')
      .requests.slice(before)
      .filter((p) => p.endsWith('/costs'));
    expect(costsAsked.length).toBeLessThanOrEqual(3 + 1);
    expect(served.length).toBeGreaterThan(0);
    expect(acmeSeries()).toEqual(served);
    const landing = fleet.landing(clock.now());
    expect(landing.organizations?.find((group) => group.organization === 'acme')?.refused).toMatch(
      /answers for org-globex, not org-acme/,
    );
  }, 120_000);

  it('polls again when the key file changes to a key of its organization, and counts exactly', async () => {
    organization('acme').keys.add(keyOf('acme', 3));
    rotateTo(keyOf('acme', 3));
    const minutes = Math.ceil(((TRAFFIC_END + 40 * 60) * 1000 - clock.now()) / 60_000);
    await playMinutes(clock, minutes, LOOPS);
    expect(acme().guard.refused).toBe(false);
    expect(acme().guard.key).toBe(keyOf('acme', 3));
    const endTime = Math.floor(clock.now() / 1000);
    for (const name of NAMES) expect(fleetMismatches(fleet, upstream, config, name, endTime)).toEqual([]);
  }, 180_000);
});
