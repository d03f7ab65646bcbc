// Turns 1-minute usage buckets (those the ledger holds) into the rows headroom() reads:
// per bucket, project and usage model, the tokens and requests that count against per-minute
// rate limits.
//
// What counts: input plus output tokens (input_tokens already includes cached and cache-write
// tokens) and num_model_requests. Batch usage (`batch` = true) is left out: batch jobs have their
// own daily input-token limit and do not use the per-minute ones.

import { CATEGORIES, type CategoryId, type UsageCategoryId } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import type { MinuteUsage } from './headroom.js';

/** The categories whose usage is per model and counts against the per-model rate limits. */
export const HEADROOM_CATEGORIES: readonly UsageCategoryId[] = [
  'completions',
  'embeddings',
  'moderations',
  'images',
  'audio_speeches',
  'audio_transcriptions',
];

/** Whether `category` is one of HEADROOM_CATEGORIES. */
export function countsAgainstRateLimits(category: CategoryId): category is UsageCategoryId {
  return (HEADROOM_CATEGORIES as readonly CategoryId[]).includes(category);
}

const TOKEN_FIELDS: ReadonlySet<string> = new Set(['input_tokens', 'output_tokens']);
const REQUEST_FIELD = 'num_model_requests';
const MINUTE = 60;

/**
 * Rows of the 1-minute buckets of `category` queried with `groupBy`; none when the grouping lacks
 * project_id or model (the usage cannot be given to a project's model limit then), and none from
 * wider buckets, whose totals are not per minute.
 */
export function minuteUsageOf(
  category: UsageCategoryId,
  groupBy: readonly string[],
  buckets: Iterable<Bucket>,
): MinuteUsage[] {
  const project = groupBy.indexOf('project_id');
  const model = groupBy.indexOf('model');
  const batch = groupBy.indexOf('batch');
  if (!countsAgainstRateLimits(category) || project < 0 || model < 0) return [];
  const fields = CATEGORIES[category].fields.map((f) => f.field);
  const tokenIndexes = fields.flatMap((f, i) => (TOKEN_FIELDS.has(f) ? [i] : []));
  const requestIndex = fields.indexOf(REQUEST_FIELD);
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
