// Validates a usage/costs query like the API does (400 invalid_request_error with `param`).

import type { BucketWidth, CategorySpec, Dimension, FilterName } from '../src/catalog/categories.js';
import { invalidParam } from './errors.js';
import { IMAGE_SIZES, IMAGE_SOURCES } from './model-catalog.js';
import { hashString } from './prng.js';
import { arrayParam, integerParam, type RawParams, rejectUnknown, scalarParam } from './query-params.js';
import { WEB_SEARCH_CONTEXT_LEVELS } from './tool-catalog.js';

export type ListFilterName = Exclude<FilterName, 'batch'>;

export interface ApiQuery {
  readonly category: CategorySpec;
  readonly startTime: number;
  readonly endTime: number | undefined;
  readonly width: BucketWidth;
  readonly limit: number;
  readonly page: string | undefined;
  /** Deduplicated, in the catalog's dimension order. */
  readonly groupBy: readonly Dimension[];
  readonly lists: Partial<Record<ListFilterName, readonly string[]>>;
  readonly batch: boolean | undefined;
  /** Identifies the query apart from `page` and `limit`, so a cursor cannot be replayed on another query. */
  readonly signature: number;
}

const ENUMS: Partial<Record<ListFilterName, readonly string[]>> = {
  sources: IMAGE_SOURCES,
  sizes: IMAGE_SIZES,
  context_levels: WEB_SEARCH_CONTEXT_LEVELS,
};

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export function validateQuery(category: CategorySpec, params: RawParams): ApiQuery {
  rejectUnknown(params, [
    'start_time',
    'end_time',
    'bucket_width',
    'limit',
    'page',
    'group_by',
    ...category.filters,
  ]);

  const startTime = integerParam(params, 'start_time');
  if (startTime === undefined) {
    throw invalidParam(
      'start_time',
      "Missing required parameter: 'start_time'.",
      'missing_required_parameter',
    );
  }
  if (startTime < 0)
    throw invalidParam('start_time', `Invalid 'start_time': ${startTime}. Expected a non-negative value.`);
  const endTime = integerParam(params, 'end_time');
  if (endTime !== undefined && endTime <= startTime) {
    throw invalidParam(
      'end_time',
      `Invalid 'end_time': ${endTime}. It must be greater than 'start_time' (${startTime}).`,
    );
  }

  const widthText = scalarParam(params, 'bucket_width') ?? '1d';
  const width = category.widths.find((w) => w === widthText);
  const limits = width === undefined ? undefined : category.pageSizes[width];
  if (width === undefined || limits === undefined) {
    throw invalidParam(
      'bucket_width',
      `Invalid value for 'bucket_width': '${widthText}'. Supported values are: ${quoted(category.widths)}.`,
    );
  }

  const limit = integerParam(params, 'limit') ?? limits.default;
  if (limit < 1 || limit > limits.max) {
    throw invalidParam(
      'limit',
      `Invalid 'limit': ${limit}. Expected a value between 1 and ${limits.max} for bucket_width ${width}.`,
    );
  }

  const requested = arrayParam(params, 'group_by') ?? [];
  for (const value of requested) {
    if (!(category.dimensions as readonly string[]).includes(value)) {
      throw invalidParam(
        'group_by',
        `Invalid value for 'group_by': '${value}'. Supported values are: ${quoted(category.dimensions)}.`,
      );
    }
  }
  const groupBy = category.dimensions.filter((d) => requested.includes(d));

  const lists: Partial<Record<ListFilterName, readonly string[]>> = {};
  let batch: boolean | undefined;
  for (const filter of category.filters) {
    if (filter === 'batch') {
      const text = scalarParam(params, 'batch');
      if (text !== undefined && text !== 'true' && text !== 'false') {
        throw invalidParam(
          'batch',
          `Invalid value for 'batch': '${text}'. Expected 'true' or 'false'.`,
          'invalid_type',
        );
      }
      batch = text === undefined ? undefined : text === 'true';
      continue;
    }
    const values = arrayParam(params, filter);
    if (values === undefined) continue;
    const allowed = ENUMS[filter];
    const bad = allowed === undefined ? undefined : values.find((v) => !allowed.includes(v));
    if (bad !== undefined && allowed !== undefined) {
      throw invalidParam(
        filter,
        `Invalid value for '${filter}': '${bad}'. Supported values are: ${quoted(allowed)}.`,
      );
    }
    lists[filter] = [...new Set(values)].sort();
  }

  const signature = hashString(
    JSON.stringify([
      category.id,
      startTime,
      endTime ?? null,
      width,
      groupBy,
      Object.entries(lists).sort(),
      batch ?? null,
    ]),
  );
  return {
    category,
    startTime,
    endTime,
    width,
    limit,
    page: scalarParam(params, 'page'),
    groupBy,
    lists,
    batch,
    signature,
  };
}
