// Builds the `page` answer of a usage or costs query: bucket plan, cursor, grouped results.

import {
  BUCKET_WIDTH_SECONDS,
  CATEGORIES,
  type Dimension,
  type UsageCategoryId,
} from '../src/catalog/categories.js';
import { decimalString } from './amount-format.js';
import type { CostFilter } from './cost-model.js';
import type { CostRow, SimulationEngine } from './engine.js';
import { invalidParam } from './errors.js';
import type { IndexFilter } from './grouping.js';
import { decodeCursor, encodeCursor, planBuckets, type Span } from './pagination.js';
import { combine, hashOf, unit } from './prng.js';
import type { ApiQuery, ListFilterName } from './validation.js';

export type Result = Record<string, unknown>;

export interface BucketBody {
  object: 'bucket';
  start_time: number;
  end_time: number;
  results: Result[];
}

export interface PageBody {
  object: 'page';
  data: BucketBody[];
  has_more: boolean;
  next_page: string | null;
}

export interface PageAnswer {
  readonly body: PageBody;
  /** The cursor of this query's first page, for the `repeating-cursor` fault. */
  readonly restartCursor: string;
}

const DAY = 86_400;
const FILTER_DIMENSION: Record<ListFilterName, Dimension> = {
  project_ids: 'project_id',
  user_ids: 'user_id',
  api_key_ids: 'api_key_id',
  models: 'model',
  sources: 'source',
  sizes: 'size',
  vector_store_ids: 'vector_store_id',
  context_levels: 'context_level',
};

export function servePage(engine: SimulationEngine, query: ApiQuery, nowMs: number): PageAnswer {
  const nowSeconds = Math.floor(nowMs / 1000);
  const costs = query.category.id === 'costs';
  const rangeStart = costs ? Math.floor(query.startTime / DAY) * DAY : query.startTime;
  const cursor = query.page === undefined ? undefined : decodeCursor(query.page, query.signature);
  const end = cursor?.end ?? rangeEnd(query, nowSeconds);
  const width = BUCKET_WIDTH_SECONDS[query.width];
  const from = cursor?.next ?? rangeStart;
  if (
    cursor !== undefined &&
    (from < rangeStart || from >= end || (from !== rangeStart && from % width !== 0))
  ) {
    throw invalidParam('page', `Invalid 'page': '${query.page}'. It does not belong to this query.`);
  }
  const plan = planBuckets(from, end, width, query.limit);
  const results = costs ? costResults(engine, query, nowMs) : usageResults(engine, query, nowMs);
  const body: PageBody = {
    object: 'page',
    data: plan.spans.map((span) => ({
      object: 'bucket',
      start_time: span.start,
      end_time: span.end,
      results: results(span),
    })),
    has_more: plan.next !== undefined,
    next_page:
      plan.next === undefined ? null : encodeCursor({ end, signature: query.signature, next: plan.next }),
  };
  return { body, restartCursor: encodeCursor({ end, signature: query.signature, next: rangeStart }) };
}

/** Usage ranges end at end_time or now; costs ranges end at the end of today's (partial) UTC day. */
function rangeEnd(query: ApiQuery, nowSeconds: number): number {
  if (query.category.id !== 'costs') return Math.min(query.endTime ?? Number.POSITIVE_INFINITY, nowSeconds);
  const endOfToday = Math.floor(nowSeconds / DAY) * DAY + DAY;
  if (query.endTime === undefined) return endOfToday;
  return Math.min(Math.floor((query.endTime - 1) / DAY) * DAY + DAY, endOfToday);
}

function usageFilter(engine: SimulationEngine, category: UsageCategoryId, query: ApiQuery): IndexFilter {
  const filter = new Map<Dimension, Set<number>>();
  for (const [name, values] of Object.entries(query.lists) as [ListFilterName, readonly string[]][]) {
    const dimension = FILTER_DIMENSION[name];
    const indices = new Set<number>();
    for (const value of values) {
      const index = engine.indexOf(category, dimension, value);
      if (index !== undefined) indices.add(index);
    }
    filter.set(dimension, indices);
  }
  if (query.batch !== undefined) filter.set('batch', new Set([query.batch ? 1 : 0]));
  return filter;
}

function usageResults(engine: SimulationEngine, query: ApiQuery, nowMs: number): (span: Span) => Result[] {
  const category = query.category.id as UsageCategoryId;
  const filter = usageFilter(engine, category, query);
  return (span) =>
    engine
      .usageRows(category, Math.ceil(span.start / 60), Math.ceil(span.end / 60), nowMs, query.groupBy, filter)
      .map((row) => {
        const result: Result = { object: query.category.resultObject, ...row.values };
        for (const dimension of query.category.dimensions) result[dimension] = row.labels[dimension] ?? null;
        return result;
      });
}

function costResults(engine: SimulationEngine, query: ApiQuery, nowMs: number): (span: Span) => Result[] {
  const filter: CostFilter = {
    ...(query.lists.project_ids === undefined
      ? {}
      : { projects: indexSet(engine, 'project_id', query.lists.project_ids) }),
    ...(query.lists.api_key_ids === undefined
      ? {}
      : { apiKeys: indexSet(engine, 'api_key_id', query.lists.api_key_ids) }),
  };
  const organizationId = engine.org.organization.id;
  const groupingHash = hashOf(
    engine.seed,
    0xc057,
    ...query.groupBy.map((d) => CATEGORIES.costs.dimensions.indexOf(d)),
  );
  return (span) =>
    engine
      .costRows(engine.costs.dayCells(span.start, nowMs), span.start, query.groupBy, filter)
      .map((row) => ({
        object: CATEGORIES.costs.resultObject,
        amount: {
          value: amountValue(engine, row, combine(combine(groupingHash, span.start), row.groupKey)),
          currency: 'usd',
        },
        line_item: row.labels.line_item ?? null,
        project_id: row.labels.project_id ?? null,
        api_key_id: row.labels.api_key_id ?? null,
        quantity: row.quantity,
        quantity_unit: row.unit,
        organization_id: organizationId,
      }));
}

function indexSet(engine: SimulationEngine, dimension: Dimension, values: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const value of values) {
    const index = engine.indexOf('completions', dimension, value);
    if (index !== undefined) out.add(index);
  }
  return out;
}

function amountValue(engine: SimulationEngine, row: CostRow, h: number): number | string {
  const draw = unit(combine(h, 1));
  if (draw >= engine.stringAmountRatio) return row.amount;
  return decimalString(row.amount, unit(combine(h, 2)) < 0.5 ? 'short' : 'long');
}
