// The query string of one page request. Arrays go as repeated keys (`group_by=a&group_by=b`), the
// literal OpenAPI form (style form, explode true), which the live API also accepts.

import { CATEGORIES, type FilterName } from '../catalog/categories.js';
import type { BucketQuery } from '../domain/bucket.js';
import { ExporterError } from '../errors.js';

/** A query at a width the catalog does not list for its category: a mistake in the caller. */
export class UnsupportedWidthError extends ExporterError {
  override readonly name = 'UnsupportedWidthError';
  constructor(query: BucketQuery) {
    super(`${query.category} has no ${query.width} buckets`);
  }
}

/** The largest page the upstream allows, so a window takes as few requests as possible. */
export function pageLimit(query: BucketQuery): number {
  const size = CATEGORIES[query.category].pageSizes[query.width];
  if (size === undefined) throw new UnsupportedWidthError(query);
  return size.max;
}

export function buildSearchParams(query: BucketQuery, page: string | undefined): URLSearchParams {
  const params = new URLSearchParams();
  params.set('start_time', String(query.startTime));
  if (query.endTime !== undefined) params.set('end_time', String(query.endTime));
  if (CATEGORIES[query.category].sendsBucketWidth) params.set('bucket_width', query.width);
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
