// What an answer must satisfy before any of it is counted.

import { BUCKET_WIDTH_SECONDS, type BucketWidth } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import type { LedgerLayout } from './category-layout.js';
import { LedgerRejectedError } from './errors.js';

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
