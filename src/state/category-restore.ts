// One saved category on its way back: is it still the same identity, and its ledger restored.

import type { BucketWidth, CategoryId } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/config.js';
import { categoryLayout } from '../ledger/category-layout.js';
import { CategoryLedger } from '../ledger/category-ledger.js';
import { categoryChange } from './identity.js';
import type { SavedCategory } from './state-file.js';

export function identityChange(id: CategoryId, saved: SavedCategory | null, config: ExporterConfig) {
  const labelNames = (saved?.ledger as { labelNames?: unknown } | undefined)?.labelNames;
  // A ledger without a label list is unusable, not another configuration: restoring reports it.
  if (!Array.isArray(labelNames)) return undefined;
  const filters = saved?.filters;
  const current = config.categories[id];
  return categoryChange(
    id,
    // Filters that are not an object were not written by the exporter: taken as unknown.
    { labelNames, filters: typeof filters === 'object' && !Array.isArray(filters) ? filters : undefined },
    { labelNames: current.groupBy, filters: current.filters },
  );
}

export function restoreCategory(id: CategoryId, saved: SavedCategory, config: ExporterConfig) {
  const layout = categoryLayout(id, config.categories[id].groupBy, config.series.limit);
  const ledger = CategoryLedger.restore(layout, saved.ledger);
  const lastSuccess: Partial<Record<BucketWidth, number>> = {};
  for (const width of ['1m', '1h', '1d'] as const) {
    const value = saved.lastSuccess?.[width];
    if (typeof value === 'number' && Number.isFinite(value)) lastSuccess[width] = value;
  }
  return { ledger, lastSuccess };
}
