// The workload of one organization among several: the same shapes and sizes as a single
// organization's, with ids of its own (a prefix per organization), as separate organizations have.

import type { SyntheticCategory } from './synthetic-labels.js';
import { type Workload, workloadFor } from './workload.js';

const OWN_IDS = ['project_id', 'user_id', 'api_key_id'] as const;

/** `org-01` … `org-20`: the `organization` label values. */
export function organizationNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `org-${String(index + 1).padStart(2, '0')}`);
}

/** `proj_…` becomes `proj_o07…` for the organization at `index` 6; models and line items stay shared. */
export function organizationWorkload(index: number, seriesTarget: number): Workload {
  const base = workloadFor(`org${index + 1}`, seriesTarget);
  const tag = `o${String(index + 1).padStart(2, '0')}`;
  return { ...base, categories: base.categories.map((category) => ownIds(category, tag)) };
}

function ownIds(category: SyntheticCategory, tag: string): SyntheticCategory {
  return {
    id: category.id,
    groupBy: category.groupBy,
    labelSets: category.labelSets,
    labels(index) {
      const values = { ...category.labels(index) };
      for (const dimension of OWN_IDS) {
        const value = values[dimension];
        if (typeof value === 'string') values[dimension] = value.replace(/^([a-z]+[_-])/, `$1${tag}`);
      }
      return values;
    },
  };
}
