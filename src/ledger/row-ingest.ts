// What one bucket's rows do to a ledger's tables and counters (the rule is in category-ledger.ts).
// This loop runs once per row and counter field of every answer, so it works on flat typed arrays
// and allocates nothing per row.

import type { Bucket } from '../domain/bucket.js';
import type { BucketRows, BucketTable } from './bucket-table.js';
import type { IngestTally } from './ingest-outcome.js';
import { OTHER_LABEL_VALUE, type SeriesIndex } from './series-index.js';

/** The parts of a ledger that rows change besides its tables. */
export interface CounterSink {
  readonly series: SeriesIndex;
  /** Counter fields by index into `spec.fields`. */
  readonly counterFields: readonly number[];
  readonly fieldSeen: Uint8Array;
  /** Exported series × field; read again after `totalsOffset`, which may replace it. */
  readonly totals: Float64Array;
  /** Offset of a slot's exported series in `totals`, growing it as series appear. */
  totalsOffset(slot: number): number;
}

/**
 * Where a bucket's rows keep their latest values (`rows`), and which counted value they move:
 * - `settled`: a coarse bucket no fine answer can reach; the latest value is the counted one.
 * - `open`: a coarse bucket fine answers still reach; the latest value is the own value of the
 *   pair (own, child sum) in the same rows, whose maximum is counted.
 * - `fine`: a fine bucket; its growth adds to the child sum of its coarse bucket's pair in `parent`.
 */
export type RowTarget =
  | { readonly kind: 'settled' | 'open'; readonly rows: BucketRows }
  | { readonly kind: 'fine'; readonly rows: BucketRows; readonly parent: BucketRows };

/** Records each row's latest values and adds the growth of the counted values to the counters. */
export function ingestRows(sink: CounterSink, bucket: Bucket, target: RowTarget, tally: IngestTally): void {
  const counters = sink.counterFields;
  const c = counters.length;
  const latest = target.rows;
  const pair = target.kind === 'fine' ? target.parent : target.kind === 'open' ? target.rows : undefined;
  const fine = target.kind === 'fine';
  const fieldSeen = sink.fieldSeen;
  // Tallied in locals and written to `tally` once: this loop is the ingest's hot path.
  let changed = false;
  let downwardRows = 0;
  for (const row of bucket.rows) {
    const slot = sink.series.slotFor(row.labels);
    const exportedBase = sink.totalsOffset(slot);
    const offset = latest.offsetOf(slot);
    const pairOffset = pair === undefined ? -1 : pair === latest ? offset : pair.offsetOf(slot);
    // Read after offsetOf, which may reallocate them.
    const totals = sink.totals;
    const stored = latest.values;
    const pairValues = pair?.values;
    const values = row.values;
    let downward = false;
    for (let k = 0; k < c; k++) {
      const field = counters[k] as number;
      const value = values[field] as number;
      if (Number.isNaN(value)) continue;
      fieldSeen[field] = 1;
      const previous = stored[offset + k] as number;
      if (value <= previous) {
        if (value < previous) downward = true;
        continue;
      }
      stored[offset + k] = value;
      // The counted value before and after this row: the latest value itself, or max(own, childSum).
      let before = previous;
      let after = value;
      if (pairValues !== undefined) {
        const childBefore = pairValues[pairOffset + c + k] as number;
        if (fine) {
          const own = pairValues[pairOffset + k] as number;
          const childAfter = childBefore + (value - previous);
          pairValues[pairOffset + c + k] = childAfter;
          before = Math.max(own, childBefore);
          after = Math.max(own, childAfter);
        } else {
          before = Math.max(previous, childBefore);
          after = Math.max(value, childBefore);
        }
      }
      if (after > before) {
        totals[exportedBase + field] = (totals[exportedBase + field] as number) + (after - before);
        changed = true;
      }
    }
    if (downward) downwardRows += 1;
  }
  if (changed) tally.changed = true;
  tally.downwardRows += downwardRows;
}

/**
 * Records a settled bucket's values as counted without adding them to the counters; true when
 * anything was recorded.
 */
export function observeRows(sink: CounterSink, bucket: Bucket, settled: BucketTable): boolean {
  const counters = sink.counterFields;
  const c = counters.length;
  if (c === 0) {
    internLabels(sink.series, bucket);
    return false;
  }
  const rows = settled.rows(bucket.startTime, bucket.rows.length, sink.series.slotCount);
  for (const row of bucket.rows) {
    const slot = sink.series.slotFor(row.labels);
    // The series is exported (at zero) like any other the upstream named.
    sink.totalsOffset(slot);
    const offset = rows.offsetOf(slot);
    for (let k = 0; k < c; k++) {
      const value = row.values[counters[k] as number] as number;
      if (Number.isNaN(value)) continue;
      sink.fieldSeen[counters[k] as number] = 1;
      rows.values[offset + k] = Math.max(rows.values[offset + k] as number, value);
    }
  }
  return true;
}

/** Label sets are interned even where no value is counted, so every category reports its series alike. */
export function internLabels(series: SeriesIndex, bucket: Bucket): void {
  for (const row of bucket.rows) series.slotFor(row.labels);
}

/** Notes the unit each row names for its exported series; true when one changed. */
export function noteUnits(series: SeriesIndex, units: (string | undefined)[], bucket: Bucket): boolean {
  let changed = false;
  for (const row of bucket.rows) {
    if (row.unit === undefined) continue;
    const exported = series.exportOf(series.slotFor(row.labels));
    // The series past the limit sums label sets of any unit: its unit is as unknown as its labels.
    const unit = series.exportedLabels(exported)[0] === OTHER_LABEL_VALUE ? OTHER_LABEL_VALUE : row.unit;
    if (units[exported] !== unit) {
      units[exported] = unit;
      changed = true;
    }
  }
  return changed;
}
