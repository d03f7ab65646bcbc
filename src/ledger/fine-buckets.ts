// The fine (1-minute) buckets a ledger still holds, read back as buckets: the trailing window of
// exact per-minute values the rate-limit headroom is computed from.

import { BUCKET_WIDTH_SECONDS } from '../catalog/categories.js';
import type { Bucket, BucketRow } from '../domain/bucket.js';
import type { LedgerLayout } from './category-layout.js';
import type { LedgerTables } from './ledger-tables.js';
import type { SeriesIndex } from './series-index.js';

/**
 * Per fine bucket, the latest value seen per label set as the upstream gave it (not folded into
 * `__other__`); fields that are not counters are NaN. Lazy: a reader that stops early copies
 * nothing more.
 */
export function* fineBuckets(
  tables: LedgerTables,
  ledger: {
    readonly layout: LedgerLayout;
    readonly series: SeriesIndex;
    readonly counterFields: readonly number[];
    readonly fieldCount: number;
  },
): Generator<Bucket> {
  const { fine } = tables;
  const width = ledger.layout.fineWidth;
  if (fine === undefined || width === undefined) return;
  const seconds = BUCKET_WIDTH_SECONDS[width];
  const counters = ledger.counterFields;
  const c = counters.length;
  for (const start of fine.starts()) {
    const bucket = fine.get(start);
    if (bucket === undefined) continue;
    const rows: BucketRow[] = [];
    for (let row = 0; row < bucket.count; row++) {
      const values = new Array<number>(ledger.fieldCount).fill(Number.NaN);
      for (let k = 0; k < c; k++) values[counters[k] as number] = bucket.values[row * c + k] as number;
      rows.push({ labels: ledger.series.labelsOf(bucket.slotAt(row)), values });
    }
    yield { startTime: start, endTime: start + seconds, rows };
  }
}
