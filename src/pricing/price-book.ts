// The price of one charge of one model as the usage labels narrow it down: learned from the
// project's own bill when it has it, else from the organization's, else the shipped list price,
// else unpriced (counted, never guessed).

import type { LearnedPrice } from './learned-prices.js';
import type { Attribute, ChargeSpec, Variant } from './line-item-map.js';
import { LIST_PRICES, type ListPrices, listPrice } from './list-prices.js';
import { keyOf } from './string-key.js';

export type PriceSource = 'billed' | 'list';

export type PriceAnswer =
  | { readonly status: 'priced'; readonly price: number; readonly source: PriceSource }
  | { readonly status: 'unpriced' };

/** One charge of one model, narrowed to the variants and attributes the usage row's labels allow. */
export interface PriceQuery {
  readonly spec: ChargeSpec;
  /** The usage row's model; ignored for tool charges (`perModel` false): one price for every model. */
  readonly model: string;
  readonly variants: readonly Variant[];
  readonly attributes: Readonly<Partial<Record<Attribute, string>>>;
  /** The usage row's project, priced at its own learned prices where it has them. */
  readonly projectId?: string;
}

const ALL_VARIANTS: readonly Variant[] = ['standard', 'batch', 'flex', 'priority'];
const NOT_BATCH: readonly Variant[] = ['standard', 'flex', 'priority'];
const TIERS: Readonly<Record<string, Variant>> = { default: 'standard', flex: 'flex', priority: 'priority' };

/**
 * The pricing variants a completions row can hold, from its `batch` and `service_tier` labels
 * ('' or absent when not grouped by them). The default grouping has `batch` only, so non-batch
 * usage is priced at the blend of the tiers the organization was billed for.
 */
export function usageVariants(
  batch: string | undefined,
  serviceTier: string | undefined,
): readonly Variant[] {
  if (batch === 'true') return ['batch'];
  if (serviceTier === undefined || serviceTier === '') return batch === 'false' ? NOT_BATCH : ALL_VARIANTS;
  const tier = Object.hasOwn(TIERS, serviceTier) ? TIERS[serviceTier] : undefined;
  // A tier we do not know the line items of stays unpriced rather than borrowing another's price.
  if (tier === undefined) return [];
  return tier === 'standard' && batch !== 'false' ? ['standard', 'batch'] : [tier];
}

/** Learned prices grouped by category, charge and model: the line items one query blends. */
type Groups = Map<string, LearnedPrice[]>;

function grouped(prices: Iterable<LearnedPrice>): Groups {
  const groups: Groups = new Map();
  for (const price of prices) {
    const { spec, model } = price.mapping;
    const key = groupKey(spec.category, spec.charge, model ?? '');
    const group = groups.get(key) ?? [];
    group.push(price);
    groups.set(key, group);
  }
  return groups;
}

/**
 * Prices of one learning (one read of the bill): answers are kept, so build a new book when the
 * learned prices change.
 */
export class PriceBook {
  private readonly learned: Groups;
  private readonly byLineItem = new Map<string, LearnedPrice>();
  private readonly projects = new Map<string, Groups>();
  private readonly answers = new Map<string, PriceAnswer>();

  constructor(
    learned: Iterable<LearnedPrice>,
    private readonly list: ListPrices = LIST_PRICES,
    byProject: ReadonlyMap<string, readonly LearnedPrice[]> = new Map(),
  ) {
    this.learned = grouped(learned);
    for (const group of this.learned.values())
      for (const price of group) this.byLineItem.set(price.mapping.lineItem, price);
    for (const [project, prices] of byProject) this.projects.set(project, grouped(prices));
  }

  /** Whether some of the project's usage is priced at its own learned prices. */
  hasOwnPrices(projectId: string): boolean {
    return this.projects.has(projectId);
  }

  price(query: PriceQuery): PriceAnswer {
    const { spec } = query;
    const group = groupKey(spec.category, spec.charge, modelOf(query) ?? '');
    const own = query.projectId === undefined ? undefined : this.projects.get(query.projectId)?.get(group);
    const key = keyOf(
      own === undefined ? '' : (query.projectId ?? ''),
      group,
      query.variants.join(','),
      ...Object.entries(query.attributes).flat(),
    );
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = (own === undefined ? undefined : this.blend(query, own, true)) ??
        this.blend(query, this.learned.get(group) ?? [], false) ??
        this.listed(query) ?? { status: 'unpriced' };
      this.answers.set(key, answer);
    }
    return answer;
  }

  /**
   * The blend of the matching line items, each weighted by its quantity per day, so line items
   * learned over windows of different lengths weigh by how much is used, not by how long. A
   * project's line item is priced at the organization's price when the organization's run reaches a
   * newer day (a price change the project has not been billed at yet); its weight stays its own.
   */
  private blend(
    query: PriceQuery,
    candidates: readonly LearnedPrice[],
    own: boolean,
  ): PriceAnswer | undefined {
    let weighted = 0;
    let weights = 0;
    for (const learned of candidates) {
      const { variant, attributes, lineItem } = learned.mapping;
      if (!query.variants.includes(variant)) continue;
      if (Object.entries(query.attributes).some(([name, value]) => attributes[name as Attribute] !== value)) {
        continue;
      }
      const organization = own ? this.byLineItem.get(lineItem) : undefined;
      const price =
        organization !== undefined && (organization.days[0] ?? 0) > (learned.days[0] ?? 0)
          ? organization.price
          : learned.price;
      const weight = learned.quantity / learned.days.length;
      weighted += price * weight;
      weights += weight;
    }
    return weights > 0 ? { status: 'priced', price: weighted / weights, source: 'billed' } : undefined;
  }

  /** Without a bill there is no mix to blend: several variants are priced as standard. */
  private listed(query: PriceQuery): PriceAnswer | undefined {
    const variant = query.variants.includes('standard') ? 'standard' : query.variants[0];
    if (variant === undefined || (variant !== 'standard' && query.variants.length > 1)) return undefined;
    const price = listPrice(this.list, {
      model: modelOf(query),
      charge: query.spec.charge,
      variant,
      attributes: query.attributes,
    });
    return price === undefined ? undefined : { status: 'priced', price, source: 'list' };
  }
}

/** Like the line item map: `null` for a charge the bill does not split by model. */
const modelOf = (query: PriceQuery): string | null => (query.spec.perModel ? query.model : null);

const groupKey = (category: string, charge: string, model: string) =>
  `${category}\u0000${charge}\u0000${model}`;
