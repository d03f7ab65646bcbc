// Unit prices read off the organization's own bill: per line item, the sum of the amounts over the
// sum of the quantities, so discounts and negotiated prices come out as they are billed.

import { finishNow } from '../domain/pacing.js';
import { type MappedLineItem, mapLineItem, type UnitClass } from './line-item-map.js';
import { usageQuantity } from './quantity-units.js';

const DAY = 86_400;

/** One costs result grouped by line_item (and maybe project): a day's amount and quantity. */
export interface CostRow {
  /** Unix seconds of the UTC day the bucket starts. */
  readonly day: number;
  readonly lineItem: string;
  /** The project billed; '' or absent when the costs are not grouped by project. */
  readonly projectId?: string;
  /** USD. */
  readonly amount: number;
  readonly quantity: number;
  readonly quantityUnit: string | null;
}

export interface LearnedPrice {
  readonly mapping: MappedLineItem;
  /** USD per usage unit (token, image, character, second, call). */
  readonly price: number;
  readonly amount: number;
  /** In usage units. */
  readonly quantity: number;
  /** The days summed, newest first. */
  readonly days: readonly number[];
}

export interface SkippedLineItem {
  readonly lineItem: string;
  readonly reason: string;
}

export interface LearnedPrices {
  /** The organization's: every project's rows of a line item summed. */
  readonly prices: readonly LearnedPrice[];
  /**
   * Each project's own, from its rows alone (learned alike), when the costs are grouped by project:
   * usage that shows no service tier is priced at the project's own blend of tiers, not the
   * organization's.
   */
  readonly byProject: ReadonlyMap<string, readonly LearnedPrice[]>;
  /** Line items the bill has but no price was learned from: unmapped, or billed in an unexpected unit. */
  readonly skipped: readonly SkippedLineItem[];
}

export interface LearnOptions {
  /** Unix seconds: a day that ends at or before it is settled (its bill no longer grows). */
  readonly settledBefore: number;
  /**
   * A day not yet settled (today) counts once its quantity, in usage units, reaches this: early in
   * the day a few requests and a rounded amount would make a poor price.
   */
  readonly stableQuantity?: Partial<Record<UnitClass, number>>;
  /**
   * An older day whose unit price differs from the newer days' by more than this fraction is from
   * before a price change, and it ends the window: a new price is followed after one day.
   */
  readonly changeTolerance?: number;
}

export const DEFAULT_STABLE_QUANTITY: Readonly<Record<UnitClass, number>> = {
  tokens: 100_000,
  images: 100,
  characters: 100_000,
  seconds: 3_600,
  count: 100,
};
export const DEFAULT_CHANGE_TOLERANCE = 0.005;

interface DaySum {
  amount: number;
  quantity: number;
}

interface ItemDays {
  readonly mapping: MappedLineItem;
  readonly days: Map<number, DaySum>;
}

function addDay(
  items: Map<string, ItemDays>,
  mapping: MappedLineItem,
  day: number,
  amount: number,
  quantity: number,
) {
  let item = items.get(mapping.lineItem);
  if (item === undefined) {
    item = { mapping, days: new Map() };
    items.set(mapping.lineItem, item);
  }
  // Rows grouped by project (or key) come several per day: the day's price is over all of them.
  const sum = item.days.get(day) ?? { amount: 0, quantity: 0 };
  sum.amount += amount;
  sum.quantity += quantity;
  item.days.set(day, sum);
}

export function learnPrices(rows: Iterable<CostRow>, options: LearnOptions): LearnedPrices {
  return finishNow(learnSteps(rows, options, Number.POSITIVE_INFINITY));
}

/** `learnPrices` in steps of `run` rows or projects, summing in the same order. */
export function* learnSteps(
  rows: Iterable<CostRow>,
  options: LearnOptions,
  run: number,
): Generator<void, LearnedPrices> {
  const stable = { ...DEFAULT_STABLE_QUANTITY, ...options.stableQuantity };
  const tolerance = options.changeTolerance ?? DEFAULT_CHANGE_TOLERANCE;
  const organization = new Map<string, ItemDays>();
  const projects = new Map<string, Map<string, ItemDays>>();
  const skipped = new Map<string, string>();
  let left = run;
  for (const row of rows) {
    if (--left <= 0) {
      left = run;
      yield;
    }
    const mapping = mapLineItem(row.lineItem);
    if (mapping.status === 'unmapped') {
      skipped.set(row.lineItem, mapping.reason);
      continue;
    }
    const quantity = usageQuantity(mapping.spec.unit, row.quantity, row.quantityUnit);
    if (quantity === undefined) {
      skipped.set(row.lineItem, `billed in ${row.quantityUnit ?? 'no unit'}, not ${mapping.spec.unit}`);
      continue;
    }
    addDay(organization, mapping, row.day, row.amount, quantity);
    const project = row.projectId ?? '';
    if (project === '') continue;
    let items = projects.get(project);
    if (items === undefined) {
      items = new Map();
      projects.set(project, items);
    }
    addDay(items, mapping, row.day, row.amount, quantity);
  }
  const learn = (items: Map<string, ItemDays>) => {
    const prices: LearnedPrice[] = [];
    for (const { mapping, days } of items.values()) {
      const counted = [...days]
        .filter(
          ([day, sum]) =>
            sum.quantity > 0 &&
            (day + DAY <= options.settledBefore || sum.quantity >= stable[mapping.spec.unit]),
        )
        .sort(([a], [b]) => b - a);
      const learned = newestStableRun(counted, tolerance);
      if (learned !== undefined) prices.push({ mapping, ...learned });
    }
    return prices;
  };
  const prices = learn(organization);
  const byProject = new Map<string, readonly LearnedPrice[]>();
  for (const [project, items] of projects) {
    if (--left <= 0) {
      left = run;
      yield;
    }
    const learned = learn(items);
    if (learned.length > 0) byProject.set(project, learned);
  }
  for (const price of prices) skipped.delete(price.mapping.lineItem);
  return {
    prices,
    byProject,
    skipped: [...skipped].map(([lineItem, reason]) => ({ lineItem, reason })),
  };
}

/** Sums days newest first until a day's price breaks from the newer ones. */
function newestStableRun(
  days: readonly (readonly [number, DaySum])[],
  tolerance: number,
): Omit<LearnedPrice, 'mapping'> | undefined {
  let amount = 0;
  let quantity = 0;
  const used: number[] = [];
  for (const [day, sum] of days) {
    if (quantity > 0) {
      const newer = amount / quantity;
      if (Math.abs(sum.amount / sum.quantity - newer) > tolerance * Math.abs(newer)) break;
    }
    amount += sum.amount;
    quantity += sum.quantity;
    used.push(day);
  }
  return quantity > 0 ? { price: amount / quantity, amount, quantity, days: used } : undefined;
}
