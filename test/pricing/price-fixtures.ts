// Bills and list prices for the price book and estimator specifications.

import { type CostRow, learnPrices } from '../../src/pricing/learned-prices.js';
import { type ListPrices, parseListPrices } from '../../src/pricing/list-prices.js';
import { PriceBook } from '../../src/pricing/price-book.js';

export const DAY = 86_400;
/** 2026-08-12T00:00:00Z */
export const TODAY = 1_786_492_800;
/** A power of two: quantities of M keep dyadic prices exact. */
export const M = 2 ** 20;

/** A list-prices file with nothing listed but what `entries` adds, in the file's units. */
export function testList(entries: Record<string, unknown> = {}): ListPrices {
  return parseListPrices({
    asOf: '2026-01-01',
    source: 'test',
    variantFactors: {},
    tokens: {},
    characters: {},
    transcriptionMinutes: {},
    images: {},
    tools: {},
    ...entries,
  });
}

/**
 * [line item, amount, quantity, unit (tokens for "<model>, ..." lines, else none), day (yesterday),
 * project (none)]
 */
export type BillLine = readonly [string, number, number, (string | null)?, number?, string?];

/** A price book learned from the given bill, settled up to today, over the given list. */
export function bookOf(lines: readonly BillLine[], list: ListPrices): PriceBook {
  const rows: CostRow[] = lines.map(([lineItem, amount, quantity, unit, day, projectId]) => ({
    day: day ?? TODAY - DAY,
    lineItem,
    projectId: projectId ?? '',
    amount,
    quantity,
    quantityUnit: unit === undefined ? (lineItem.includes(', ') ? 'tokens' : null) : unit,
  }));
  const learned = learnPrices(rows, { settledBefore: TODAY });
  return new PriceBook(learned.prices, list, learned.byProject);
}
