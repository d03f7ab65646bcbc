// Builds category specs from short rows. Metric names and HELP texts follow one rule, so a row
// only spells out where it departs from it.

import type { CategoryId } from './category-ids.js';
import type { BucketWidth, CategorySpec, FieldSpec, PageSize } from './category-spec.js';

export interface FieldOptions {
  /** Not in the result schema's `required`: a missing value is not counted instead of failing the page. */
  readonly optional?: boolean;
  /** The metric name, when it is not `<prefix>_<field without num_>`, plus `_total` for counters. */
  readonly metric?: string;
  /** What the HELP text names as the upstream field, when it is not the field itself. */
  readonly cites?: string;
  readonly source?: string;
  readonly sign?: NonNullable<FieldSpec['sign']>;
  readonly unitFrom?: string;
}

export interface FieldRow {
  readonly field: string;
  readonly kind: FieldSpec['kind'];
  /** The HELP text before its reference to the upstream endpoint and field. */
  readonly meaning: string;
  readonly options: FieldOptions;
}

const row =
  (kind: FieldSpec['kind']) =>
  (field: string, meaning: string, options: FieldOptions = {}): FieldRow => ({
    field,
    kind,
    meaning,
    options,
  });
export const counter = row('counter');
export const gauge = row('gauge');

type Derived = 'id' | 'widths' | 'polledWidths' | 'fields' | 'pageSizes';

export interface CategoryRow extends Omit<CategorySpec, Derived> {
  /** Metric names start with it, e.g. `openai_completions`. */
  readonly metricPrefix: string;
  /** The accepted widths, in the order the upstream lists them, with their page sizes. */
  readonly pageSizes: Readonly<Partial<Record<BucketWidth, PageSize>>>;
  readonly fields: readonly FieldRow[];
}

/** A HELP text: what the value means, then where it comes from. */
export function helpText(path: string, meaning: string, cites: string): string {
  return `${meaning} (GET /v1/${path}, field ${cites}).`;
}

export function defineCategory(id: CategoryId, row: CategoryRow): CategorySpec {
  const { metricPrefix, fields, ...spec } = row;
  const { coarse, fine } = row.tiers;
  return {
    id,
    ...spec,
    widths: Object.keys(row.pageSizes) as BucketWidth[],
    polledWidths: fine === undefined ? [coarse] : [fine, coarse],
    fields: fields.map((field) => fieldSpec(row, field)),
  };
}

function fieldSpec(row: CategoryRow, { field, kind, meaning, options }: FieldRow): FieldSpec {
  const { optional, metric, cites, ...reading } = options;
  const suffix = kind === 'counter' ? '_total' : '';
  return {
    field,
    metric: metric ?? `${row.metricPrefix}_${field.replace(/^num_/, '')}${suffix}`,
    kind,
    required: optional !== true,
    help: helpText(row.path, meaning, cites ?? field),
    ...reading,
  };
}
