// Ground truth: the final (fully revised) totals of a range, grouped like the API groups them,
// computed by the same code as the served buckets with every minute final.

import { CATEGORIES, type CategoryId, type Dimension, isCategoryId } from '../src/catalog/categories.js';
import type { SimulationEngine } from './engine.js';
import { invalidParam } from './errors.js';
import { arrayParam, integerParam, type RawParams, rejectUnknown, scalarParam } from './query-params.js';
import type { GroundTruth, TruthQuery, TruthRow } from './types.js';

const DAY = 86_400;
const FINAL = Number.POSITIVE_INFINITY;

export class TruthQueryError extends Error {
  override readonly name = 'TruthQueryError';
}

export function createGroundTruth(engine: SimulationEngine): GroundTruth {
  return {
    finalTotals(q: TruthQuery): TruthRow[] {
      checkQuery(q);
      return q.category === 'costs' ? costTruth(engine, q) : usageTruth(engine, q);
    },
  };
}

function checkQuery(q: TruthQuery): void {
  if (!isCategoryId(q.category)) throw new TruthQueryError(`unknown category ${String(q.category)}`);
  if (!Number.isSafeInteger(q.startTime) || !Number.isSafeInteger(q.endTime) || q.endTime <= q.startTime) {
    throw new TruthQueryError('startTime and endTime must be integers with startTime < endTime');
  }
  const dims: readonly Dimension[] = CATEGORIES[q.category].dimensions;
  const bad = q.groupBy.find((d) => !dims.includes(d));
  if (bad !== undefined) throw new TruthQueryError(`${q.category} cannot be grouped by ${bad}`);
}

const labelText = (value: string | boolean | null): string | null =>
  typeof value === 'boolean' ? String(value) : value;

function usageTruth(engine: SimulationEngine, q: TruthQuery): TruthRow[] {
  if (q.category === 'costs') return [];
  const groupBy = CATEGORIES[q.category].dimensions.filter((d) => q.groupBy.includes(d));
  const rows = engine.usageRows(
    q.category,
    Math.ceil(q.startTime / 60),
    Math.ceil(q.endTime / 60),
    FINAL,
    groupBy,
    new Map(),
  );
  return rows.map((row) => ({
    labels: Object.fromEntries(groupBy.map((d) => [d, labelText(row.labels[d] ?? null)])),
    values: { ...row.values },
  }));
}

/** Day by day in chronological order, so a single UTC day is bit-identical with its final bucket. */
function costTruth(engine: SimulationEngine, q: TruthQuery): TruthRow[] {
  const groupBy = CATEGORIES.costs.dimensions.filter((d) => q.groupBy.includes(d));
  const totals = new Map<number, TruthRow>();
  for (let day = Math.floor(q.startTime / DAY) * DAY; day < q.endTime; day += DAY) {
    const whole = q.startTime <= day && day + DAY <= q.endTime;
    const cells = whole
      ? engine.costs.dayCells(day, FINAL)
      : engine.costs.cells(
          Math.ceil(Math.max(q.startTime, day) / 60),
          Math.ceil(Math.min(q.endTime, day + DAY) / 60),
          FINAL,
        );
    for (const row of engine.costRows(cells, day, groupBy, {})) {
      const total = totals.get(row.groupKey);
      // Like the API, a quantity only exists when grouped by line_item.
      const quantity = row.quantity === null ? {} : { quantity: row.quantity };
      // What the exporter counts: each day's row split into charges (amount) and credits.
      const charges = Math.max(row.amount, 0);
      const credits = Math.max(-row.amount, 0);
      if (total === undefined) {
        const labels = Object.fromEntries(
          groupBy.map((d) => [d, row.labels[d as keyof typeof row.labels] ?? null]),
        );
        totals.set(row.groupKey, { labels, values: { amount: charges, credits, ...quantity } });
      } else {
        total.values.amount = (total.values.amount ?? 0) + charges;
        total.values.credits = (total.values.credits ?? 0) + credits;
        if (row.quantity !== null) total.values.quantity = (total.values.quantity ?? 0) + row.quantity;
      }
    }
  }
  return [...totals.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** `GET /__truth?category=…&start_time=…&end_time=…&group_by=a,b` */
export function truthFromParams(truth: GroundTruth, params: RawParams): TruthRow[] {
  rejectUnknown(params, ['category', 'start_time', 'end_time', 'group_by']);
  const category = scalarParam(params, 'category');
  if (category === undefined || !isCategoryId(category)) {
    throw invalidParam('category', `Invalid 'category': '${category ?? ''}'.`);
  }
  const startTime = integerParam(params, 'start_time');
  const endTime = integerParam(params, 'end_time');
  if (startTime === undefined) throw invalidParam('start_time', "Missing required parameter: 'start_time'.");
  if (endTime === undefined) throw invalidParam('end_time', "Missing required parameter: 'end_time'.");
  const groupBy = (arrayParam(params, 'group_by') ?? []) as Dimension[];
  try {
    return truth.finalTotals({ category: category as CategoryId, startTime, endTime, groupBy });
  } catch (error) {
    if (error instanceof TruthQueryError) throw invalidParam('group_by', error.message);
    throw error;
  }
}
