import { describe, expect, it } from 'vitest';
import { type CostRow, type LearnOptions, learnPrices } from '../../src/pricing/learned-prices.js';

const DAY = 86_400;
/** 2026-08-12T00:00:00Z */
const TODAY = 1_786_492_800;
/** 05:00 today: yesterday is settled, today is not. */
const settledBefore = TODAY + 5 * 3600;
const M = 2 ** 20;

const row = (
  day: number,
  lineItem: string,
  amount: number,
  quantity: number,
  quantityUnit: string | null = 'tokens',
): CostRow => ({ day, lineItem, amount, quantity, quantityUnit });

const INPUT = 'gpt-4o-mini-2024-07-18, input';

function learned(rows: CostRow[], options: Partial<LearnOptions> = {}, lineItem = INPUT) {
  return learnPrices(rows, { settledBefore, ...options }).prices.find((p) => p.mapping.lineItem === lineItem);
}

describe('learnPrices', () => {
  it('divides the summed amounts by the summed quantities of the settled days, not the mean of daily prices', () => {
    // 0.25 per 2^20 tokens, then 0.39% more: one price within the change tolerance.
    const price = learned([row(TODAY - 2 * DAY, INPUT, 0.25, M), row(TODAY - DAY, INPUT, 1.00390625, 4 * M)]);
    expect(price?.price).toBe(1.25390625 / (5 * M));
    expect(price?.amount).toBe(1.25390625);
    expect(price?.quantity).toBe(5 * M);
    expect(price?.days).toEqual([TODAY - DAY, TODAY - 2 * DAY]);
  });

  it('reproduces the reference example prices (USD per token)', () => {
    const day = TODAY - DAY;
    const rows = [
      row(day, 'gpt-4o-mini-2024-07-18, input', Number('0.12288150000000001'), 819_210),
      row(day, 'gpt-4o-mini-2024-07-18, cached input', 0.0768, 1_024_000),
      row(day, 'gpt-4o-mini-2024-07-18, output', 0.127473, 212_455),
    ];
    const prices = learnPrices(rows, { settledBefore }).prices.map((p) => [
      p.mapping.lineItem,
      p.price * 1e6,
    ]);
    expect(prices.map(([item]) => item)).toEqual(rows.map((r) => r.lineItem));
    expect(prices[0]?.[1]).toBeCloseTo(0.15, 12);
    expect(prices[1]?.[1]).toBeCloseTo(0.075, 12);
    expect(prices[2]?.[1]).toBeCloseTo(0.6, 12);
  });

  it('sums the rows of one day first when the bill is grouped by project too', () => {
    const day = TODAY - DAY;
    const price = learned([row(day, INPUT, 0.5, M), row(day, INPUT, 0.25, 2 * M), row(day, INPUT, 0.25, M)]);
    expect(price?.price).toBe(1 / (4 * M));
    expect(price?.days).toEqual([day]);
  });

  it("learns each project's prices from its own rows too, alike, when the bill is grouped by project", () => {
    const day = TODAY - DAY;
    const inProject = (projectId: string, amount: number, quantity: number, at = day): CostRow => ({
      ...row(at, INPUT, amount, quantity),
      projectId,
    });
    const { prices, byProject } = learnPrices(
      [
        inProject('p1', 0.5, M),
        inProject('p2', 0.25, 2 * M),
        // p2's older day is at another price: its own window ends there, the organization's too.
        inProject('p2', 1, M, day - DAY),
        // Today, below the stability threshold: counted for neither.
        inProject('p1', 1, 1000, TODAY),
      ],
      { settledBefore },
    );
    expect(prices.map((p) => [p.price, p.days])).toEqual([[0.75 / (3 * M), [day]]]);
    expect([...byProject].map(([project, own]) => [project, own.map((p) => [p.price, p.days])])).toEqual([
      ['p1', [[0.5 / M, [day]]]],
      ['p2', [[0.25 / (2 * M), [day]]]],
    ]);
  });

  it('learns no project prices from a bill not grouped by project', () => {
    expect(learnPrices([row(TODAY - DAY, INPUT, 0.5, M)], { settledBefore }).byProject).toEqual(new Map());
  });

  it('prices per token when the bill counts in thousands of tokens', () => {
    const day = TODAY - DAY;
    expect(learned([row(day, INPUT, 0.5, 2048, '1000_tokens')])?.price).toBe(0.5 / 2_048_000);
    expect(learned([row(day, INPUT, 0.5, 2048, '1000_tokens')])?.quantity).toBe(2_048_000);
    expect(
      learned(
        [row(day, 'whisper-1, transcription', 0.75, 2, 'duration_minutes')],
        {},
        'whisper-1, transcription',
      )?.price,
    ).toBe(0.75 / 120);
  });

  it("counts today's bucket only once its quantity passes the stability threshold", () => {
    const settled = row(TODAY - DAY, INPUT, 0.25, M);
    const early = row(TODAY, INPUT, 0.001, 1000);
    const stable = row(TODAY, INPUT, 0.25, M);
    expect(learned([settled, early])?.days).toEqual([TODAY - DAY]);
    expect(learned([settled, stable])?.days).toEqual([TODAY, TODAY - DAY]);
    expect(learned([early], { stableQuantity: { tokens: 1000 } })?.price).toBe(0.001 / 1000);
    expect(learned([early])).toBeUndefined();
  });

  it('treats a finished day as unsettled until settledBefore passes its end', () => {
    const yesterday = row(TODAY - DAY, INPUT, 0.001, 1000);
    expect(learned([yesterday], { settledBefore: TODAY - 1 })).toBeUndefined();
    expect(learned([yesterday], { settledBefore: TODAY })?.price).toBe(0.001 / 1000);
  });

  it('follows a price change after one day: older days at the old price end the window', () => {
    const rows = [
      row(TODAY - 3 * DAY, INPUT, 0.25, M),
      row(TODAY - 2 * DAY, INPUT, 0.25, M),
      row(TODAY - DAY, INPUT, 0.375, M),
    ];
    expect(learned(rows)?.price).toBe(0.375 / M);
    expect(learned(rows)?.days).toEqual([TODAY - DAY]);
    expect(learned(rows.slice(0, 2))?.price).toBe(0.5 / (2 * M));
    expect(learned(rows, { changeTolerance: 1 })?.price).toBe(0.875 / (3 * M));
  });

  it('leaves out days without quantity', () => {
    const price = learned([row(TODAY - 2 * DAY, INPUT, 0, 0), row(TODAY - DAY, INPUT, 0.25, M)]);
    expect(price?.days).toEqual([TODAY - DAY]);
  });

  it('skips unmapped line items and units that do not fit, saying why', () => {
    const day = TODAY - DAY;
    const result = learnPrices(
      [
        row(day, 'Vector store storage', 0.01, 3, 'gibibyte_hours'),
        row(day, 'gpt-4o-2024-08-06, output', 1, 5, 'characters'),
        row(day, 'Code interpreter sessions', 0.06, 2, null),
      ],
      { settledBefore },
    );
    expect(result.prices.map((p) => [p.mapping.lineItem, p.price])).toEqual([
      ['Code interpreter sessions', 0.03],
    ]);
    expect(result.skipped).toEqual([
      { lineItem: 'Vector store storage', reason: 'not "<model>, <charge>"' },
      { lineItem: 'gpt-4o-2024-08-06, output', reason: 'billed in characters, not tokens' },
    ]);
  });
});
