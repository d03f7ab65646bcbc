// Dollars from usage counter increments: each charge's quantity in the row (a field, minus the
// parts the bill charges separately) times its unit price. Nothing is sampled or extrapolated,
// so a day of increments priced at a day's billed prices adds up to that day's bill.

import type { UsageCategoryId } from '../catalog/categories.js';
import { type Attribute, type ChargeSpec, chargesOf } from './line-item-map.js';
import { type PriceAnswer, type PriceBook, type PriceSource, usageVariants } from './price-book.js';

/** Label values of a usage row beyond project and model; '' or absent when not grouped by them. */
export type UsageLabels = Readonly<Partial<Record<'batch' | 'service_tier' | Attribute, string>>>;

/** The increments of one usage row's counters since the last estimate. */
export interface UsageIncrement {
  readonly category: UsageCategoryId;
  readonly projectId: string;
  /** '' for categories without a model (code interpreter, file search). */
  readonly model: string;
  readonly labels?: UsageLabels;
  /** By catalog field name; an absent or NaN field (one the upstream left out) counts as 0. */
  readonly values: Readonly<Record<string, number>>;
}

export interface EstimatedSpend {
  readonly projectId: string;
  readonly model: string;
  readonly usd: number;
}

export interface UnpricedUnits {
  readonly category: UsageCategoryId;
  readonly field: string;
  readonly model: string;
  readonly units: number;
}

/** A price the estimate used, for showing which source priced what. */
export interface PriceInUse {
  readonly model: string;
  readonly kind: string;
  readonly source: PriceSource;
  readonly price: number;
}

export interface SpendEstimate {
  readonly spend: readonly EstimatedSpend[];
  readonly unpriced: readonly UnpricedUnits[];
  readonly prices: readonly PriceInUse[];
}

const ATTRIBUTES: readonly Attribute[] = ['size', 'source', 'context_level'];

/** Named like the line items it prices: "batch input", "images, image.edit, 512x512"; a tier blend is the charge. */
function kindOf(charge: string, variants: readonly string[], attributes: Record<string, string>): string {
  const variant = variants.length === 1 && variants[0] !== 'standard' ? `${variants[0]} ` : '';
  return [`${variant}${charge}`, ...Object.values(attributes)].join(', ');
}

/** An injective string key of several strings, cheaper than JSON.stringify on the per-row path. */
function keyOf(...parts: readonly string[]): string {
  let key = '';
  for (const part of parts) key += `${part.length}:${part}`;
  return key;
}

/** How one charge of a row is priced, the same for every row of one category, model and labels. */
interface PricedCharge {
  readonly spec: ChargeSpec;
  readonly answer: PriceAnswer;
  readonly kind: string;
}

export function estimateSpend(increments: Iterable<UsageIncrement>, book: PriceBook): SpendEstimate {
  const spend = new Map<string, EstimatedSpend & { usd: number }>();
  const unpriced = new Map<string, UnpricedUnits & { units: number }>();
  const prices = new Map<string, PriceInUse>();
  // A large organization has many series but few models and label values: the charges and their
  // prices are worked out once per such combination, not once per row.
  const charges = new Map<string, readonly PricedCharge[]>();
  for (const row of increments) {
    const labels = row.labels ?? {};
    const combination = keyOf(
      row.category,
      row.model,
      labels.batch ?? '',
      labels.service_tier ?? '',
      ...ATTRIBUTES.map((name) => labels[name] ?? ''),
    );
    let priced = charges.get(combination);
    if (priced === undefined) {
      priced = priceCharges(row, book);
      charges.set(combination, priced);
    }
    const value = (field: string) => {
      const v = row.values[field];
      return v === undefined || Number.isNaN(v) ? 0 : v;
    };
    for (const { spec, answer, kind } of priced) {
      const quantity = spec.minus.reduce((rest, field) => rest - value(field), value(spec.field));
      if (quantity === 0) continue;
      if (answer.status === 'unpriced') {
        const key = keyOf(row.category, spec.field, row.model);
        const entry = unpriced.get(key) ?? {
          category: row.category,
          field: spec.field,
          model: row.model,
          units: 0,
        };
        entry.units += quantity;
        unpriced.set(key, entry);
        continue;
      }
      const key = keyOf(row.projectId, row.model);
      const entry = spend.get(key) ?? { projectId: row.projectId, model: row.model, usd: 0 };
      entry.usd += quantity * answer.price;
      spend.set(key, entry);
      prices.set(keyOf(row.model, kind), {
        model: row.model,
        kind,
        source: answer.source,
        price: answer.price,
      });
    }
  }
  return { spend: [...spend.values()], unpriced: [...unpriced.values()], prices: [...prices.values()] };
}

function priceCharges(row: UsageIncrement, book: PriceBook): PricedCharge[] {
  const labels = row.labels ?? {};
  const variants = usageVariants(labels.batch, labels.service_tier);
  const attributes: Partial<Record<Attribute, string>> = {};
  for (const name of ATTRIBUTES) {
    const value = labels[name];
    if (value !== undefined && value !== '') attributes[name] = value;
  }
  return chargesOf(row.category).map((spec) => ({
    spec,
    answer: book.price({ spec, model: row.model, variants, attributes }),
    kind: kindOf(spec.charge, variants, attributes),
  }));
}
