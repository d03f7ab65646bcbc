// Versioned, JSON-safe form of a ledger, so counters continue after a restart without a reset
// and buckets still settling are neither lost nor counted again.
//
// The `columnar` encoding stores each bucket as its slot list plus one flat array of values, and
// keeps only counter fields: a hundredth of the JSON punctuation of one array per row, and half the
// values once an hour has left the minute window. Files written before it (no `encoding` key) are
// still read and converted on restore.

import type { BucketTableSnapshot } from './bucket-table.js';
import type { SeriesIndexSnapshot } from './series-index.js';

export const LEDGER_ENCODING = 'columnar';

interface CommonSnapshot {
  readonly category: string;
  readonly labelNames: readonly string[];
  readonly fields: readonly string[];
  readonly series: SeriesIndexSnapshot;
  /** Exported series × field. */
  readonly totals: readonly number[];
  readonly fieldSeen: readonly number[];
  readonly gauges: readonly (readonly [exported: number, values: readonly number[]])[];
  readonly countedSince: number | null;
  readonly newestBucketEnd: number | null;
  /** Unit per exported series (`[exported, unit]`); absent in files written before units. */
  readonly units?: readonly (readonly [exported: number, unit: string])[];
}

export interface LedgerSnapshot extends CommonSnapshot {
  readonly encoding: typeof LEDGER_ENCODING;
  /** Coarse buckets still receiving fine values: per row the own values, then the child sums. */
  readonly open: BucketTableSnapshot | null;
  /** Coarse buckets no fine value can reach any more: per row the counted values. */
  readonly settled: BucketTableSnapshot;
  /** Fine buckets: per row the latest values. */
  readonly fine: BucketTableSnapshot | null;
}

/** One table of the first encoding: per bucket, rows of `[slot, ...vector]` over all fields. */
export interface LegacyTableSnapshot {
  readonly floor: number | null;
  readonly buckets: readonly (readonly [start: number, rows: readonly (readonly number[])[]])[];
}

/** The first encoding: coarse vectors were own values then child sums over every field. */
export interface LegacyLedgerSnapshot extends CommonSnapshot {
  readonly encoding?: undefined;
  readonly coarse: LegacyTableSnapshot;
  readonly fine: LegacyTableSnapshot | null;
}

export type SavedLedger = LedgerSnapshot | LegacyLedgerSnapshot;
