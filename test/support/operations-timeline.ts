// The simulated calendar of the "exact through real operations" end-to-end test, shared with the
// script that made the previous release's state fixture: both must see the same upstream.
// Every instant is a fixed UTC time; processes reach it through a clock offset (clock-offset.mjs).

import type { SimulatorOptions } from '../../simulator/index.js';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

export const TIMELINE = {
  /** No usage before: keeps the first windows small. */
  trafficStart: at('2027-01-30T08:00:00Z'),
  /** The previous release starts here and writes the fixture a few seconds later. */
  fixtureWritten: at('2027-01-30T09:00:00Z'),
  /** The current release continues the fixture: a plain restart two minutes later. */
  continueFixture: at('2027-01-30T09:02:00Z'),
  /** Back after 36 hours, longer than BACKFILL_MAX, inside January. */
  afterLongOutage: at('2027-01-31T21:00:00Z'),
  /** Shortly before the UTC midnight that is also the turn of the month. */
  beforeMidnight: at('2027-01-31T23:59:20Z'),
  midnight: at('2027-02-01T00:00:00Z'),
  /** No usage at or after: the final totals exist. */
  trafficEnd: at('2027-02-01T00:03:00Z'),
  /** Everything is final; the counters must equal the upstream's final totals. */
  settled: at('2027-02-01T00:06:00Z'),
} as const;

export const SIMULATOR_SEED = 1111;
export const FINALIZATION_SECONDS = 10;
/** Hours the exporter may reach back after an outage; the 36-hour outage is longer. */
export const BACKFILL_MAX_HOURS = 6;
/** The trailing window of 1h buckets every hourly poll re-reads. */
export const HOURLY_WINDOW_HOURS = 1;
/** Days before today whose costs are re-read on every costs poll (the default). */
export const SETTLE_DAYS = 2;

export function simulatorOptions(now: () => number): SimulatorOptions {
  return {
    seed: SIMULATOR_SEED,
    now,
    finalizationDelaySeconds: FINALIZATION_SECONDS,
    trafficStartTime: TIMELINE.trafficStart,
    trafficEndTime: TIMELINE.trafficEnd,
  };
}

/** The flags every segment runs with: fast polls, small windows, a short backfill limit. */
export function baseExporterArgs(port: number, baseUrl: string, storage: string): string[] {
  return [
    `--web.listen-address=127.0.0.1:${port}`,
    `--openai.base-url=${baseUrl}`,
    '--poll.interval=1s',
    '--poll.window=1m',
    '--poll.hourly-interval=2s',
    `--poll.hourly-window=${HOURLY_WINDOW_HOURS}h`,
    '--poll.jitter=0',
    `--backfill.max=${BACKFILL_MAX_HOURS}h`,
    `--costs.settle-days=${SETTLE_DAYS}`,
    '--openai.requests-per-second=200',
    '--names.enabled=false',
    `--storage.path=${storage}`,
  ];
}

export const ALL_BUT_IMAGES = CATEGORY_IDS.filter((id) => id !== 'images').join(',');
