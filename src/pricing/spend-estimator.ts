// Dollars from usage counter increments: each charge's quantity in the row (a field, minus the
// parts the bill charges separately) times its unit price. Nothing is sampled or extrapolated,
// so a day of increments priced at a day's billed prices adds up to that day's bill.

import type { UsageCategoryId } from '../catalog/categories.js';
import { finishNow } from '../domain/pacing.js';
import { type Attribute, type ChargeSpec, chargesOf } from './line-item-map.js';
import {
  type PriceAnswer,
  type PriceBook,
  type PriceQuery,
  type PriceSource,
  usageVariants,
} from './price-book.js';
import { keyOf } from './string-key.js';

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
  /** `combinationOf` the row, when its source worked it out once for all of its rows. */
  readonly combination?: string;
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

/**
 * A price the estimate used, for showing which source priced what: the organization's, also where a
 * project's usage was priced at the project's own learned price.
 */
export interface PriceInUse {
  readonly model: string;
  readonly kind: string;
  readonly source: PriceSource;
  readonly price: number;
  /** What was asked of the price book, to ask again when the prices are learned anew. */
  readonly query: PriceQuery;
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

const NO_LABELS: UsageLabels = {};

/** The key of what prices a row alike: its category, model and the labels that narrow the price. */
export function combinationOf(category: string, model: string, labels: UsageLabels = NO_LABELS): string {
  return keyOf(
    category,
    model,
    labels.batch ?? '',
    labels.service_tier ?? '',
    labels.size ?? '',
    labels.source ?? '',
    labels.context_level ?? '',
  );
}

/** How one charge of a row is priced, the same for every row of one category, model and labels. */
interface PricedCharge {
  readonly spec: ChargeSpec;
  readonly answer: PriceAnswer;
  /** The organization's price, shown as the price in use; undefined when unpriced. */
  readonly shown: PriceInUse | undefined;
  /** `shown`'s key among the prices in use. */
  readonly shownKey: string;
}

type Spend = EstimatedSpend & { usd: number };

/** A field's increment; an absent or NaN field (one the upstream left out) counts as 0. */
function fieldValue(values: Readonly<Record<string, number>>, field: string): number {
  const v = values[field];
  return v === undefined || Number.isNaN(v) ? 0 : v;
}

export function estimateSpend(increments: Iterable<UsageIncrement>, book: PriceBook): SpendEstimate {
  return finishNow(spendSteps(increments, book, Number.POSITIVE_INFINITY));
}

/** `estimateSpend` in steps of `run` rows, summing in the same order, so to the same dollars. */
export function* spendSteps(
  increments: Iterable<UsageIncrement>,
  book: PriceBook,
  run: number,
): Generator<void, SpendEstimate> {
  const spend = new Map<string, Map<string, Spend>>();
  const unpriced = new Map<string, UnpricedUnits & { units: number }>();
  const prices = new Map<string, PriceInUse>();
  // A large organization has many series but few models and label values: the charges and their
  // prices are worked out once per such combination, not once per row; a project with learned
  // prices of its own, once per project and combination.
  const charges = new Map<string, readonly PricedCharge[]>();
  const projectCharges = new Map<string, Map<string, readonly PricedCharge[]>>();
  let left = run;
  for (const row of increments) {
    if (--left <= 0) {
      left = run;
      yield;
    }
    const combination = row.combination ?? combinationOf(row.category, row.model, row.labels);
    let priced = charges.get(combination);
    if (priced === undefined) {
      priced = priceCharges(row, book, undefined);
      charges.set(combination, priced);
    }
    if (book.hasOwnPrices(row.projectId)) {
      let own = projectCharges.get(row.projectId);
      if (own === undefined) {
        own = new Map();
        projectCharges.set(row.projectId, own);
      }
      let mine = own.get(combination);
      if (mine === undefined) {
        mine = priceCharges(row, book, row.projectId);
        own.set(combination, mine);
      }
      priced = mine;
    }
    let models = spend.get(row.projectId);
    if (models === undefined) {
      models = new Map();
      spend.set(row.projectId, models);
    }
    for (const { spec, answer, shown, shownKey } of priced) {
      let quantity = fieldValue(row.values, spec.field);
      for (const minus of spec.minus) quantity -= fieldValue(row.values, minus);
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
      let entry = models.get(row.model);
      if (entry === undefined) {
        entry = { projectId: row.projectId, model: row.model, usd: 0 };
        models.set(row.model, entry);
      }
      entry.usd += quantity * answer.price;
      if (shown !== undefined) prices.set(shownKey, shown);
    }
  }
  return {
    spend: [...spend.values()].flatMap((models) => [...models.values()]),
    unpriced: [...unpriced.values()],
    prices: [...prices.values()],
  };
}

function priceCharges(row: UsageIncrement, book: PriceBook, projectId: string | undefined): PricedCharge[] {
  const labels = row.labels ?? NO_LABELS;
  const variants = usageVariants(labels.batch, labels.service_tier);
  const attributes: Partial<Record<Attribute, string>> = {};
  for (const name of ATTRIBUTES) {
    const value = labels[name];
    if (value !== undefined && value !== '') attributes[name] = value;
  }
  return chargesOf(row.category).map((spec) => {
    const query: PriceQuery = { spec, model: row.model, variants, attributes };
    const organization = book.price(query);
    const answer = projectId === undefined ? organization : book.price({ ...query, projectId });
    const kind = kindOf(spec.charge, variants, attributes);
    const shown =
      organization.status === 'priced'
        ? { model: row.model, kind, source: organization.source, price: organization.price, query }
        : undefined;
    return { spec, answer, shown, shownKey: keyOf(row.model, kind) };
  });
}
