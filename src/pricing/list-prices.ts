// The shipped list prices, for cold start and for models the bill has not priced yet. The data is
// list-prices.json (kept as data so a price update is a one-line change); this reads and checks it.

import { ExporterError } from '../errors.js';
import type { Charge, MappedLineItem, Variant } from './line-item-map.js';
import shipped from './list-prices.json' with { type: 'json' };

export class ListPricesError extends ExporterError {
  override readonly name = 'ListPricesError';
}

type Table = Readonly<Record<string, number>>;

export interface ListPrices {
  readonly asOf: string;
  readonly source: string;
  readonly variantFactors: Readonly<Partial<Record<Variant, number>>>;
  /** USD per token, by model, then charge. */
  readonly tokens: Readonly<Record<string, Table>>;
  /** USD per character, by model. */
  readonly characters: Table;
  /** USD per second, by model. */
  readonly seconds: Table;
  /** USD per image, by model, then size. */
  readonly images: Readonly<Record<string, Table>>;
  /** USD per session or call, by charge. */
  readonly tools: Table;
}

const PER_MILLION = 1e-6;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function table(value: unknown, path: string, scale = 1): Table {
  if (!isRecord(value)) throw new ListPricesError(`${path}: expected an object`);
  const out: Record<string, number> = {};
  for (const [key, price] of Object.entries(value)) {
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
      throw new ListPricesError(`${path}.${key}: expected a price >= 0, got ${JSON.stringify(price)}`);
    }
    out[key] = price * scale;
  }
  return out;
}

function nested(value: unknown, path: string, scale = 1): Record<string, Table> {
  if (!isRecord(value)) throw new ListPricesError(`${path}: expected an object`);
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, table(inner, `${path}.${key}`, scale)]),
  );
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new ListPricesError(`${path}: expected a string`);
  return value;
}

/** Reads list prices in the units of list-prices.json into USD per usage unit. */
export function parseListPrices(data: unknown): ListPrices {
  if (!isRecord(data)) throw new ListPricesError('list prices: expected an object');
  return {
    asOf: text(data.asOf, 'asOf'),
    source: text(data.source, 'source'),
    variantFactors: table(data.variantFactors, 'variantFactors'),
    tokens: nested(data.tokens, 'tokens', PER_MILLION),
    characters: table(data.characters, 'characters', PER_MILLION),
    seconds: table(data.transcriptionMinutes, 'transcriptionMinutes', 1 / 60),
    images: nested(data.images, 'images'),
    tools: table(data.tools, 'tools'),
  };
}

export const LIST_PRICES: ListPrices = parseListPrices(shipped);

const SNAPSHOT_DATE = /-\d{4}-\d{2}-\d{2}$/;

/** The model's own entry, else its dated snapshot's name without the date. */
function byModel<T>(entries: Readonly<Record<string, T>>, model: string): T | undefined {
  if (Object.hasOwn(entries, model)) return entries[model];
  const undated = model.replace(SNAPSHOT_DATE, '');
  return undated !== model && Object.hasOwn(entries, undated) ? entries[undated] : undefined;
}

const own = (entries: Table | undefined, key: string): number | undefined =>
  entries !== undefined && Object.hasOwn(entries, key) ? entries[key] : undefined;

export type PriceKey = Pick<MappedLineItem, 'model' | 'variant' | 'attributes'> & { readonly charge: Charge };

/** The list price of one line item's worth of usage, in USD per usage unit, or undefined. */
export function listPrice(prices: ListPrices, key: PriceKey): number | undefined {
  const factor = key.variant === 'standard' ? 1 : prices.variantFactors[key.variant];
  if (factor === undefined) return undefined;
  const standard = standardPrice(prices, key);
  return standard === undefined ? undefined : standard * factor;
}

/** Charges priced per model in their own table; every other charge is a token kind. */
const PER_MODEL_TABLES: Partial<
  Record<Charge, (prices: ListPrices, model: string, key: PriceKey) => number | undefined>
> = {
  characters: (prices, model) => byModel(prices.characters, model),
  seconds: (prices, model) => byModel(prices.seconds, model),
  images: (prices, model, key) => {
    const size = key.attributes.size;
    return size === undefined ? undefined : own(byModel(prices.images, model), size);
  },
};

function standardPrice(prices: ListPrices, key: PriceKey): number | undefined {
  const { model, charge } = key;
  if (model === null) return own(prices.tools, charge);
  const table = Object.hasOwn(PER_MODEL_TABLES, charge) ? PER_MODEL_TABLES[charge] : undefined;
  return table === undefined ? own(byModel(prices.tokens, model), charge) : table(prices, model, key);
}
