// The query string of one page request. Arrays go as repeated keys (`group_by=a&group_by=b`), the
// literal OpenAPI form (style form, explode true), which the live API also accepts.

import { type BucketWidth, CATEGORIES, type FilterName } from '../catalog/categories.js';
import type { BucketQuery } from '../domain/bucket.js';

/** The largest page the upstream allows, so a window takes as few requests as possible. */
const USAGE_LIMIT: Readonly<Record<BucketWidth, number>> = { '1m': 1440, '1h': 168, '1d': 31 };
const COSTS_LIMIT = 180;

export function pageLimit(query: BucketQuery): number {
  return query.category === 'costs' ? COSTS_LIMIT : USAGE_LIMIT[query.width];
}

export function buildSearchParams(query: BucketQuery, page: string | undefined): URLSearchParams {
  const params = new URLSearchParams();
  params.set('start_time', String(query.startTime));
  if (query.endTime !== undefined) params.set('end_time', String(query.endTime));
  // Costs only knows `1d` and defaults to it; sending nothing keeps us valid if that ever changes.
  if (query.category !== 'costs') params.set('bucket_width', query.width);
  params.set('limit', String(pageLimit(query)));
  for (const dimension of query.groupBy) params.append('group_by', dimension);
  const filters = query.filters;
  if (filters !== undefined) {
    for (const name of CATEGORIES[query.category].filters) appendFilter(params, name, filters[name]);
  }
  if (page !== undefined) params.set('page', page);
  return params;
}

function appendFilter(
  params: URLSearchParams,
  name: FilterName,
  value: readonly string[] | boolean | undefined,
): void {
  if (value === undefined) return;
  if (typeof value === 'boolean') {
    params.set(name, value ? 'true' : 'false');
    return;
  }
  for (const item of value) params.append(name, item);
}
