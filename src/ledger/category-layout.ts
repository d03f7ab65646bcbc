import { CATEGORIES, type CategoryId, type Dimension } from '../catalog/categories.js';
import type { LedgerLayout } from './category-ledger.js';

/** Usage rolls minutes up into hours; costs only come in days. */
export function categoryLayout(
  id: CategoryId,
  groupBy: readonly Dimension[],
  seriesLimit: number,
): LedgerLayout {
  if (id === 'costs') return { spec: CATEGORIES[id], labelNames: groupBy, coarseWidth: '1d', seriesLimit };
  return { spec: CATEGORIES[id], labelNames: groupBy, coarseWidth: '1h', fineWidth: '1m', seriesLimit };
}
