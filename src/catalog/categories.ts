// The single description of what the upstream serves and what we export from it.
// The simulator, the client, the ledger, the exposition and the docs all read this table,
// so a field added here shows up everywhere at once.

import type { CategoryId } from './category-ids.js';
import type { CategorySpec } from './category-spec.js';
import { COSTS_CATEGORY } from './costs-category.js';
import { USAGE_CATEGORIES } from './usage-categories.js';

export * from './category-ids.js';
export * from './category-spec.js';

export const CATEGORIES: Readonly<Record<CategoryId, CategorySpec>> = {
  ...USAGE_CATEGORIES,
  costs: COSTS_CATEGORY,
};
