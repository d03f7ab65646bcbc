// The simulator's bill and usage read page by page like a client reads them, turned into the
// pricing layer's inputs: cost rows grouped by project and line_item, and usage rows of 1h buckets.

import {
  CATEGORIES,
  type Dimension,
  USAGE_CATEGORY_IDS,
  type UsageCategoryId,
} from '../../src/catalog/categories.js';
import type { CostRow } from '../../src/pricing/learned-prices.js';
import type { UsageIncrement, UsageLabels } from '../../src/pricing/spend-estimator.js';
import { DAY, type Harness } from '../simulator/helpers.js';

const amountOf = (result: Record<string, unknown>) =>
  Number((result.amount as { value: number | string }).value);

/** Costs of the days in [startTime, endTime), grouped like the exporter groups them by default. */
export async function costRows(h: Harness, startTime: number, endTime: number): Promise<CostRow[]> {
  const buckets = await h.allBuckets('costs', {
    start_time: startTime,
    end_time: endTime,
    group_by: ['project_id', 'line_item'],
  });
  return buckets.flatMap((bucket) =>
    bucket.results.map((r) => ({
      day: bucket.start_time,
      lineItem: String(r.line_item),
      projectId: String(r.project_id ?? ''),
      amount: amountOf(r),
      quantity: Number(r.quantity ?? 0),
      quantityUnit: (r.quantity_unit as string | null | undefined) ?? null,
    })),
  );
}

/** Billed USD per project of one day, without the line items named in `except`. */
export async function billedByProject(
  h: Harness,
  day: number,
  except: readonly string[] = [],
): Promise<Map<string, number>> {
  const buckets = await h.allBuckets('costs', {
    start_time: day,
    end_time: day + DAY,
    group_by: ['project_id', 'line_item'],
  });
  const billed = new Map<string, number>();
  for (const r of buckets.flatMap((b) => b.results)) {
    if (except.includes(String(r.line_item))) continue;
    billed.set(String(r.project_id), (billed.get(String(r.project_id)) ?? 0) + amountOf(r));
  }
  return billed;
}

const PRICED_CATEGORIES = USAGE_CATEGORY_IDS.filter((c) => c !== 'vector_stores');

/** Every usage row of the 1h buckets of one day, grouped like the exporter groups by default plus `extra`. */
export async function usageRows(
  h: Harness,
  day: number,
  extra: Partial<Record<UsageCategoryId, readonly Dimension[]>> = {},
): Promise<UsageIncrement[]> {
  const rows: UsageIncrement[] = [];
  for (const category of PRICED_CATEGORIES) {
    const spec = CATEGORIES[category];
    const buckets = await h.allBuckets(category, {
      start_time: day,
      end_time: day + DAY,
      bucket_width: '1h',
      group_by: [...spec.defaultGroupBy, ...(extra[category] ?? [])],
      limit: 24,
    });
    for (const result of buckets.flatMap((b) => b.results)) rows.push(usageRow(category, result));
  }
  return rows;
}

function usageRow(category: UsageCategoryId, result: Record<string, unknown>): UsageIncrement {
  const text = (name: string) => {
    const value = result[name];
    return value === null || value === undefined ? '' : String(value);
  };
  const labels: Record<string, string> = {};
  for (const name of ['batch', 'service_tier', 'size', 'source', 'context_level'] as const) {
    if (text(name) !== '') labels[name] = text(name);
  }
  const values: Record<string, number> = {};
  for (const { field } of CATEGORIES[category].fields) {
    if (typeof result[field] === 'number') values[field] = result[field];
  }
  return {
    category,
    projectId: text('project_id'),
    model: text('model'),
    labels: labels as UsageLabels,
    values,
  };
}
