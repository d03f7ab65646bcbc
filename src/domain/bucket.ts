// What the upstream client hands to the ledger: one time bucket, already validated.
// Kept free of HTTP and Prometheus concerns so both sides can depend on it.

import type { BucketWidth, CategoryId, Dimension, FilterName } from '../catalog/categories.js';

export interface BucketRow {
  /** Label values in the order of the query's `groupBy`; a `null` dimension becomes `''`, booleans `'true'`/`'false'`. */
  readonly labels: readonly string[];
  /** One value per `CategorySpec.fields`, in that order; `NaN` marks an optional field the upstream left out. */
  readonly values: readonly number[];
  /** The unit the upstream names for the fields with a `unitFrom` (costs `quantity_unit`), if it names one. */
  readonly unit?: string;
}

export interface Bucket {
  /** Unix seconds, inclusive. */
  readonly startTime: number;
  /** Unix seconds, exclusive. May be earlier than `startTime + width` for a bucket still in progress. */
  readonly endTime: number;
  readonly rows: readonly BucketRow[];
}

/**
 * A run of one bucket's rows, as a streamed answer is read: a large bucket comes in several parts,
 * in answer order. `first` marks the part a bucket's rows start with; the same bucket starting
 * again (a page read again after a failed attempt) replaces what its earlier parts said.
 */
export interface BucketPart extends Bucket {
  readonly first: boolean;
}

export type QueryFilters = Partial<Record<FilterName, readonly string[] | boolean>>;

export interface BucketQuery {
  readonly category: CategoryId;
  readonly width: BucketWidth;
  /** Unix seconds; callers align it to the width (see the ledger). */
  readonly startTime: number;
  readonly endTime?: number;
  readonly groupBy: readonly Dimension[];
  readonly filters?: QueryFilters;
}
