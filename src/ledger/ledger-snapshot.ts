// Versioned, JSON-safe form of a ledger, so counters continue after a restart without a reset
// and buckets still settling are neither lost nor counted again.

import type { BucketTableSnapshot } from './bucket-table.js';
import type { SeriesIndexSnapshot } from './series-index.js';

export interface LedgerSnapshot {
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
  readonly coarse: { readonly floor: number | null; readonly buckets: BucketTableSnapshot };
  readonly fine: { readonly floor: number | null; readonly buckets: BucketTableSnapshot } | null;
}
