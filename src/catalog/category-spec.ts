// What the catalog says about a category. Everything the client, the poller, the ledger and the
// exposition decide per category is a field here, so no code outside the catalog tests an id.

import type { CategoryId } from './category-ids.js';

export type BucketWidth = '1m' | '1h' | '1d';
export const BUCKET_WIDTH_SECONDS: Readonly<Record<BucketWidth, number>> = {
  '1m': 60,
  '1h': 3600,
  '1d': 86400,
};

export type Dimension =
  | 'project_id'
  | 'user_id'
  | 'api_key_id'
  | 'model'
  | 'batch'
  | 'service_tier'
  | 'size'
  | 'source'
  | 'line_item'
  | 'vector_store_id'
  | 'context_level';

/** An upstream query filter. `batch` is the only scalar (boolean) one. */
export type FilterName =
  | 'project_ids'
  | 'user_ids'
  | 'api_key_ids'
  | 'models'
  | 'batch'
  | 'sources'
  | 'sizes'
  | 'vector_store_ids'
  | 'context_levels';

export interface MetricText {
  readonly metric: string;
  readonly help: string;
}

export interface FieldSpec extends MetricText {
  /** Field name in the upstream result object (for costs: `amount`, read from `amount.value`, and `quantity`). */
  readonly field: string;
  /** Counters accumulate bucket totals; gauges show the newest bucket's level. */
  readonly kind: 'counter' | 'gauge';
  /** Listed in the result schema's `required`; a missing required field makes the page malformed. */
  readonly required: boolean;
  /** Upstream field the value is read from, when it is not `field` (a field derived from another). */
  readonly source?: string;
  /**
   * Keep only one signed part of the upstream value, so a counter never sees a negative number:
   * `positive` is max(v, 0), `negative` is max(-v, 0). The net gauges show the positive parts
   * minus the negative ones (net spend).
   */
  readonly sign?: 'positive' | 'negative';
  /**
   * Upstream string field naming the unit of this value per result. It becomes a `unit` label on
   * this field's samples only (not a grouping dimension): values of different units never add up.
   */
  readonly unitFrom?: string;
}

/** The page size the upstream uses when `limit` is left out, and the largest it allows. */
export interface PageSize {
  readonly default: number;
  readonly max: number;
}

export interface CategorySpec {
  readonly id: CategoryId;
  /** Path below the base URL, e.g. `organization/usage/completions`. */
  readonly path: string;
  /** The `object` string of each result. */
  readonly resultObject: string;
  readonly dimensions: readonly Dimension[];
  readonly defaultGroupBy: readonly Dimension[];
  readonly filters: readonly FilterName[];
  /** The widths the upstream accepts, in the order it lists them (the keys of `pageSizes`). */
  readonly widths: readonly BucketWidth[];
  readonly pageSizes: Readonly<Partial<Record<BucketWidth, PageSize>>>;
  /**
   * How the ledger tiers the buckets: coarse ones carry the counted totals, fine ones (when the
   * category has them) bring the open coarse bucket up to date.
   */
  readonly tiers: { readonly coarse: BucketWidth; readonly fine?: BucketWidth };
  /** The widths polled, fine before coarse (the tiers as a list). */
  readonly polledWidths: readonly BucketWidth[];
  /** False when the upstream knows one width only and takes none: the query leaves `bucket_width` out. */
  readonly sendsBucketWidth: boolean;
  /**
   * How a result's numbers read: `counts` are integers below 2^53; `amounts` are `amount: {value,
   * currency}` and other decimal numbers, possibly negative or sent as strings.
   */
  readonly values: 'counts' | 'amounts';
  readonly fields: readonly FieldSpec[];
  /**
   * `false` when the minutes of an hour need not add up to it, so the hour is authoritative: the
   * minutes then only keep the category fresh and never add to a counter. Default: they add up.
   */
  readonly minutesAddUp?: boolean;
  /**
   * Gauges of the signed fields' net sum over today's and this month's coarse buckets, labelled like
   * the counters. They change with the date, so the category is re-rendered when the day rolls over.
   */
  readonly netGauges?: { readonly currentDay: MetricText; readonly currentMonth: MetricText };
  /**
   * How the category's usage counts against a project's per-model rate limits: the fields whose
   * sum is tokens per minute, and the field that counts requests. Absent: no per-model limit applies.
   */
  readonly rateLimited?: RateLimitedUsage;
}

export interface RateLimitedUsage {
  readonly tokenFields: readonly string[];
  readonly requestField: string;
}
