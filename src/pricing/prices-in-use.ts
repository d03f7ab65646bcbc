// The prices the estimate uses now, per model and kind, for openai_price_usd. A price is shown
// while its model's usage is being priced and the bill (or the list) still prices it: asked again
// at every learning, it follows the bill, and it goes when its model was not priced for a day.

import type { PriceBook } from './price-book.js';
import type { PriceInUse } from './spend-estimator.js';
import { keyOf } from './string-key.js';

const DAY = 86_400;

/** A price as shown: without what was asked of the price book. */
export type ShownPrice = Omit<PriceInUse, 'query'>;

export class PricesInUse {
  private readonly byKind = new Map<string, { price: PriceInUse; usedAt: number }>();

  /** Notes the prices a poll's growth was priced at, at `nowSeconds`. */
  note(prices: readonly PriceInUse[], nowSeconds: number): void {
    for (const price of prices)
      this.byKind.set(keyOf(price.model, price.kind), { price, usedAt: nowSeconds });
  }

  /**
   * Asks the new book for every price shown: a learned price whose days left the bill's window is
   * the list price now, or nothing when there is none.
   */
  reprice(book: PriceBook): void {
    for (const [key, entry] of this.byKind) {
      const answer = book.price(entry.price.query);
      if (answer.status === 'unpriced') this.byKind.delete(key);
      else entry.price = { ...entry.price, source: answer.source, price: answer.price };
    }
  }

  /** Forgets the prices of models not priced in the day before `nowSeconds`; true when any went. */
  forgetUnused(nowSeconds: number): boolean {
    let forgot = false;
    for (const [key, { usedAt }] of this.byKind) {
      if (usedAt > nowSeconds - DAY) continue;
      this.byKind.delete(key);
      forgot = true;
    }
    return forgot;
  }

  get shown(): readonly ShownPrice[] {
    return [...this.byKind.values()].map(({ price: { model, kind, source, price } }) => ({
      model,
      kind,
      source,
      price,
    }));
  }
}
