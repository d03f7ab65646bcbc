// Turns 1-minute usage buckets (those the ledger holds) into the rows headroom() reads:
// per bucket, project and usage model, the tokens and requests that count against per-minute
// rate limits.
//
// What counts is declared per category in the catalog (`rateLimited`). Batch usage (`batch` =
// true) is left out: batch jobs have their own daily input-token limit, not the per-minute ones.

import { CATEGORIES, type CategoryId } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import type { MinuteUsage } from './headroom.js';

/** Whether the category's usage counts against per-model rate limits (the catalog says which). */
export function countsAgainstRateLimits(category: CategoryId): boolean {
  return CATEGORIES[category].rateLimited !== undefined;
}

const MINUTE = 60;

/**
 * Rows of the 1-minute buckets of `category` queried with `groupBy`; none when the grouping lacks
 * project_id or model (the usage cannot be given to a project's model limit then), and none from
 * wider buckets, whose totals are not per minute.
 */
export function minuteUsageOf(
  category: CategoryId,
  groupBy: readonly string[],
  buckets: Iterable<Bucket>,
): MinuteUsage[] {
  const project = groupBy.indexOf('project_id');
  const model = groupBy.indexOf('model');
  const batch = groupBy.indexOf('batch');
  const spec = CATEGORIES[category];
  const limited = spec.rateLimited;
  if (limited === undefined || project < 0 || model < 0) return [];
  const fields = spec.fields.map((f) => f.field);
  const tokenIndexes = limited.tokenFields.map((f) => fields.indexOf(f)).filter((i) => i >= 0);
  const requestIndex = fields.indexOf(limited.requestField);
  const rows: MinuteUsage[] = [];
  for (const bucket of buckets) {
    if (bucket.endTime - bucket.startTime > MINUTE) continue;
    for (const row of bucket.rows) {
      if (batch >= 0 && row.labels[batch] === 'true') continue;
      rows.push({
        projectId: row.labels[project] ?? '',
        model: row.labels[model] ?? '',
        startTime: bucket.startTime,
        tokens: tokenIndexes.reduce((sum, i) => sum + countOf(row.values[i]), 0),
        requests: requestIndex < 0 ? 0 : countOf(row.values[requestIndex]),
      });
    }
  }
  return rows;
}

/** An optional field the upstream left out is NaN in a BucketRow; it adds nothing. */
function countOf(value: number | undefined): number {
  return value === undefined || Number.isNaN(value) ? 0 : value;
}
