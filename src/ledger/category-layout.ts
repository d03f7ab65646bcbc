import { CATEGORIES, type CategoryId, type Dimension } from '../catalog/categories.js';
import type { LedgerLayout } from './category-ledger.js';

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
