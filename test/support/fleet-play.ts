// Playing a fleet on a virtual clock, and checking what it serves against each simulated
// organization's ground truth.

import type { ExporterConfig } from '../../src/config/index.js';
import type { Fleet } from '../../src/exporter/fleet.js';
import { counterMismatches, type Mismatch } from './exactness.js';
import { type ParsedExposition, parseExposition } from './exposition.js';
import type { KeyedUpstream } from './fleet-harness.js';
import type { VirtualClock } from './virtual-clock.js';

const MINUTE = 60_000;

/** Waits (through real I/O: the polls are HTTP) until `loops` sleeps wait on the clock. */
export async function settle(clock: VirtualClock, loops: number): Promise<void> {
  while (clock.pending < loops) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the clock minute by minute, each step once every loop sleeps again. */
export async function playMinutes(clock: VirtualClock, minutes: number, loops: number): Promise<void> {
  for (let minute = 0; minute < minutes; minute++) {
    await settle(clock, loops);
    await clock.advance(MINUTE);
  }
  await settle(clock, loops);
}

/** Where what the fleet serves for organization `name` differs from its final totals. */
export function fleetMismatches(
  fleet: Fleet,
  upstream: KeyedUpstream,
  config: ExporterConfig,
  name: string,
  endTime: number,
): (Mismatch & { organization: string })[] {
  const member = fleet.members.find((candidate) => candidate.name === name);
  const organization = upstream.organizations.get(name);
  if (member === undefined || organization === undefined) throw new Error(`no organization ${name}`);
  const parsed = organizationSeries(fleet, name);
  return member.exporter.pollers.flatMap((poller) => {
    const category = poller.spec.id;
    const startTime = poller.ledger.countedSince ?? endTime;
    const groupBy = config.categories[category].groupBy;
    return counterMismatches(
      parsed,
      organization.simulator.truth,
      { category, startTime, endTime, groupBy },
      category === 'costs' ? 1e-9 : 0,
    ).map((mismatch) => ({ organization: name, ...mismatch }));
  });
}

/** What the fleet serves, reduced to the series of organization `name`. */
export function organizationSeries(fleet: Fleet, name: string): ParsedExposition {
  const parsed = parseExposition(fleet.cache.plain.toString());
  return { ...parsed, samples: parsed.samples.filter((sample) => sample.labels.organization === name) };
}
