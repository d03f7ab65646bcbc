import type { BucketWidth, CategorySpec } from '../catalog/categories.js';
import { CATEGORIES, type CategoryId, type Dimension } from '../catalog/categories.js';

/** How one category's ledger is shaped: its fields, its labels, the widths it tracks, its limit. */
export interface LedgerLayout {
  readonly spec: CategorySpec;
  readonly labelNames: readonly string[];
  /** Width of the buckets that carry the counted totals (1h for usage, 1d for costs). */
  readonly coarseWidth: BucketWidth;
  /** Optional finer width whose buckets roll up into the coarse ones (1m for usage). */
  readonly fineWidth?: BucketWidth;
  readonly seriesLimit: number;
}

/** Indexes into `spec.fields` of the fields of one kind, in catalog order. */
export function fieldIndexes(spec: CategorySpec, kind: 'counter' | 'gauge'): number[] {
  const indexes: number[] = [];
  spec.fields.forEach((field, index) => {
    if (field.kind === kind) indexes.push(index);
  });
  return indexes;
}

/** Usage rolls minutes up into hours; costs only come in days. */
export function categoryLayout(
  id: CategoryId,
  groupBy: readonly Dimension[],
  seriesLimit: number,
): LedgerLayout {
  const spec = CATEGORIES[id];
  const { coarse, fine } = spec.tiers;
  return fine === undefined
    ? { spec, labelNames: groupBy, coarseWidth: coarse, seriesLimit }
    : { spec, labelNames: groupBy, coarseWidth: coarse, fineWidth: fine, seriesLimit };
}
