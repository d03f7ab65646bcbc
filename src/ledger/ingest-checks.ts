// What an answer must satisfy before any of it is counted, and the gauges it shows.

import { BUCKET_WIDTH_SECONDS, type BucketWidth } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import type { LedgerLayout } from './category-ledger.js';
import { LedgerRejectedError } from './errors.js';
import type { SeriesIndex } from './series-index.js';

export function validateBuckets(layout: LedgerLayout, width: BucketWidth, buckets: readonly Bucket[]): void {
  const seconds = BUCKET_WIDTH_SECONDS[width];
  const fieldCount = layout.spec.fields.length;
  for (const bucket of buckets) {
    // An unaligned start means a partial bucket under a key no later poll repeats: counting it
    // would count that usage twice, so the whole answer is refused.
    if (bucket.startTime % seconds !== 0) {
      throw new LedgerRejectedError(`bucket start ${bucket.startTime} is not aligned to ${width}`);
    }
    if (bucket.endTime <= bucket.startTime || bucket.endTime - bucket.startTime > seconds) {
      throw new LedgerRejectedError(
        `bucket ${bucket.startTime}..${bucket.endTime} is not one ${width} bucket`,
      );
    }
    for (const row of bucket.rows) {
      if (row.labels.length !== layout.labelNames.length || row.values.length !== fieldCount) {
        throw new LedgerRejectedError(`a ${layout.spec.id} row does not match the configured grouping`);
      }
    }
  }
}

interface GaugeTarget {
  readonly series: SeriesIndex;
  readonly fieldCount: number;
  readonly gaugeFields: readonly number[];
  readonly fieldSeen: Uint8Array;
}

/**
 * Gauges show the newest fine bucket that has any rows; older buckets only fill history.
 * Undefined when the answer has no rows at all, so the last levels stay.
 */
export function newestGauges(
  ledger: GaugeTarget,
  buckets: readonly Bucket[],
): Map<number, Float64Array> | undefined {
  let newest: Bucket | undefined;
  for (const bucket of buckets) {
    if (bucket.rows.length > 0 && (newest === undefined || bucket.startTime > newest.startTime))
      newest = bucket;
  }
  if (newest === undefined) return undefined;
  const gauges = new Map<number, Float64Array>();
  for (const row of newest.rows) {
    const exported = ledger.series.exportOf(ledger.series.slotFor(row.labels));
    let vector = gauges.get(exported);
    if (vector === undefined) {
      vector = new Float64Array(ledger.fieldCount);
      gauges.set(exported, vector);
    }
    for (const i of ledger.gaugeFields) {
      const value = row.values[i] ?? Number.NaN;
      if (Number.isNaN(value)) continue;
      ledger.fieldSeen[i] = 1;
      vector[i] = (vector[i] ?? 0) + value;
    }
  }
  return gauges;
}
