// Turns one upstream result object into a BucketRow. This is the hot loop of ingestion (hundreds of
// thousands of rows per second), so each category's field list is precomputed once and rows are read
// with plain indexed loops: no per-row closures, spreads or intermediate objects.

import { CATEGORIES, type CategoryId, type Dimension } from '../catalog/categories.js';
import type { BucketRow } from '../domain/bucket.js';
import { ExporterError } from '../errors.js';
import { isExactCount, isSaneCostNumber, MAX_COST_MAGNITUDE } from './number-bounds.js';

/** Why a page was rejected; the client wraps it in a MalformedPageError after redacting it. */
export class PageShapeError extends ExporterError {
  override readonly name = 'PageShapeError';
  constructor(message: string) {
    super(message);
  }
}

export interface ResultReader {
  readonly resultObject: string;
  readonly fields: readonly string[];
  readonly required: readonly boolean[];
  /** Per field, the upstream field it is read from (usually itself). */
  readonly sources: readonly string[];
  /** Per field, the signed part kept: 1 positive, -1 negative, 0 the whole value. */
  readonly signs: readonly number[];
  /** Upstream field naming the unit of the fields with a `unitFrom`, if any. */
  readonly unitFrom: string | undefined;
  /** Amounts (`amount: {value, currency}`, a fractional `quantity`) instead of integer counts. */
  readonly readsAmounts: boolean;
}

const READERS = buildReaders();

function buildReaders(): Readonly<Record<CategoryId, ResultReader>> {
  const readers = {} as Record<CategoryId, ResultReader>;
  for (const spec of Object.values(CATEGORIES)) {
    readers[spec.id] = {
      resultObject: spec.resultObject,
      fields: spec.fields.map((f) => f.field),
      required: spec.fields.map((f) => f.required),
      sources: spec.fields.map((f) => f.source ?? f.field),
      signs: spec.fields.map((f) => (f.sign === 'positive' ? 1 : f.sign === 'negative' ? -1 : 0)),
      unitFrom: spec.fields.find((f) => f.unitFrom !== undefined)?.unitFrom,
      readsAmounts: spec.values === 'amounts',
    };
  }
  return readers;
}

export function resultReader(category: CategoryId): ResultReader {
  return READERS[category];
}

export function readResult(reader: ResultReader, groupBy: readonly Dimension[], raw: unknown): BucketRow {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PageShapeError('result is not an object');
  }
  const result = raw as Record<string, unknown>;
  if (result.object !== reader.resultObject) {
    throw new PageShapeError(
      `result object is ${describe(result.object)}, expected "${reader.resultObject}"`,
    );
  }
  const labels = new Array<string>(groupBy.length);
  for (let i = 0; i < groupBy.length; i++) {
    labels[i] = dimensionLabel(result, groupBy[i] as Dimension);
  }
  const values = reader.readsAmounts ? readAmounts(reader, result) : readCounts(reader, result);
  if (reader.unitFrom === undefined) return { labels, values };
  // A unit that is not a non-empty string (null, missing, anything else) names no unit: the
  // ledger keeps the one it last saw, so a result that leaves it out does not relabel the series.
  const unit = result[reader.unitFrom];
  return typeof unit === 'string' && unit !== '' ? { labels, values, unit } : { labels, values };
}

function readCounts(reader: ResultReader, result: Record<string, unknown>): number[] {
  const { fields, required } = reader;
  const values = new Array<number>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i] as string;
    const value = result[name];
    if (isExactCount(value)) {
      values[i] = value;
    } else if ((value === undefined || value === null) && required[i] !== true) {
      values[i] = Number.NaN;
    } else {
      throw new PageShapeError(
        `field ${name} is ${describe(value)}, expected a non-negative integer below 2^53`,
      );
    }
  }
  return values;
}

function readAmounts(reader: ResultReader, result: Record<string, unknown>): number[] {
  const { sources, signs } = reader;
  const values = new Array<number>(sources.length);
  const amount = readAmount(result);
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i] as string;
    const value = source === 'amount' ? amount : readQuantity(source, result[source]);
    const sign = signs[i] as number;
    // NaN (not sent) stays NaN in both parts.
    values[i] = sign === 0 ? value : Math.max(sign * value, 0);
  }
  return values;
}

/**
 * `quantity` is only sent when grouped by line_item, and only since 2026. Anything but a number
 * (or a numeric string, like amounts) leaves it unexported instead of failing the poll, which
 * would also stop the dollar amounts that arrived in the same result.
 */
function readQuantity(name: string, value: unknown): number {
  const parsed = typeof value === 'string' ? parseDecimal(value) : value;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed)) return Number.NaN;
  if (!isSaneCostNumber(parsed)) throw outOfBounds(name, value);
  return parsed;
}

/**
 * The spec requires only `object`, so a result without an amount (or with a null one) is read
 * like a missing optional field: NaN, not counted, while its other fields still count. An amount
 * that is there but unreadable still makes the page malformed.
 */
function readAmount(result: Record<string, unknown>): number {
  const amount = result.amount;
  if (amount === undefined || amount === null) return Number.NaN;
  if (typeof amount !== 'object' || Array.isArray(amount)) {
    throw new PageShapeError(`field amount is ${describe(amount)}, expected an object`);
  }
  const { value, currency } = amount as Record<string, unknown>;
  // We only export USD; a missing currency is tolerated because the SDKs type it as optional.
  if (currency !== undefined && (typeof currency !== 'string' || currency.toLowerCase() !== 'usd')) {
    throw new PageShapeError(`amount.currency is ${describe(currency)}, only "usd" is supported`);
  }
  if (value === undefined || value === null) return Number.NaN;
  const parsed = typeof value === 'string' ? parseDecimal(value) : value;
  // Credits and refunds make an amount negative: the catalog splits it into charges and credits.
  if (isSaneCostNumber(parsed)) return parsed;
  if (typeof parsed === 'number' && Number.isFinite(parsed)) throw outOfBounds('amount.value', value);
  throw new PageShapeError(`amount.value is ${describe(value)}, expected a number`);
}

function outOfBounds(name: string, value: unknown): PageShapeError {
  return new PageShapeError(`${name} is ${describe(value)}, beyond ±${MAX_COST_MAGNITUDE}`);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The live API sometimes sends `"0.1739150000000000000000000000"`; Number() rounds it exactly like JSON.parse would. */
function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

function dimensionLabel(result: Record<string, unknown>, dimension: Dimension): string {
  const value = result[dimension];
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new PageShapeError(`dimension ${dimension} is ${describe(value)}, expected a string or null`);
}

/** A short, safe description of an unexpected value for error messages (never the whole value). */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}
