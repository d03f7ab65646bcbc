import { describe, expect, it } from 'vitest';
import type { SimulatorOptions } from '../../simulator/index.js';
import type { Dimension, UsageCategoryId } from '../../src/catalog/categories.js';
import { learnPrices } from '../../src/pricing/learned-prices.js';
import { PriceBook } from '../../src/pricing/price-book.js';
import { estimateSpend } from '../../src/pricing/spend-estimator.js';
import { DAY, NOW, startHarness, TODAY } from '../simulator/helpers.js';
import { billedByProject, costRows, usageRows } from './simulated-bill.js';

const SETTLED_DAY = TODAY - DAY;
const MODEL = 'gpt-4o-2024-08-06';

interface Scenario {
  /** The bill prices are learned from: days [learnFrom, learnUntil), today included by default. */
  readonly learnUntil?: number;
  /** Usage dimensions grouped by beyond the defaults. */
  readonly extraGroupBy?: Partial<Record<UsageCategoryId, readonly Dimension[]>>;
  /** Line items left out of the bill compared with. */
  readonly except?: readonly string[];
}

/**
 * Learns prices from the simulator's bill of the three days up to now (by project and line item),
 * estimates the settled day from its usage (1h buckets), and compares per project: estimated /
 * billed - 1.
 */
async function estimateAgainstBill(options: SimulatorOptions, scenario: Scenario = {}) {
  const h = await startHarness(options);
  try {
    const bill = await costRows(h, TODAY - 3 * DAY, scenario.learnUntil ?? TODAY + DAY);
    const learned = learnPrices(bill, { settledBefore: NOW });
    const usage = await usageRows(h, SETTLED_DAY, scenario.extraGroupBy);
    const estimate = estimateSpend(usage, new PriceBook(learned.prices, undefined, learned.byProject));
    const estimated = new Map<string, number>();
    for (const { projectId, usd } of estimate.spend) {
      estimated.set(projectId, (estimated.get(projectId) ?? 0) + usd);
    }
    const billed = await billedByProject(h, SETTLED_DAY, scenario.except);
    const errors = [...billed].map(
      ([project, usd]) => [project, (estimated.get(project) ?? 0) / usd - 1] as const,
    );
    return { learned, estimate, errors };
  } finally {
    await h.close();
  }
}

describe('the spend estimate against the simulator', () => {
  it('is within 1% of the bill per project for a settled day, with nothing unpriced', async () => {
    const { learned, estimate, errors } = await estimateAgainstBill({});
    expect(errors.length).toBeGreaterThan(1);
    for (const [project, error] of errors) expect(Math.abs(error), project).toBeLessThan(0.01);
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.prices.every((p) => p.source === 'billed')).toBe(true);
    // Only what no usage counter bills is left out of the learned prices.
    expect(learned.skipped.map((s) => s.lineItem)).toEqual(['Vector store storage']);
  });

  it('equals the bill but for vector storage (no usage counter) when usage shows the service tier', async () => {
    // Without service_tier, non-batch usage is priced at the project's blend of tiers over the days
    // learned; how the day compared differs from that blend is what the 1% above absorbs.
    const { errors } = await estimateAgainstBill(
      {},
      { extraGroupBy: { completions: ['service_tier'] }, except: ['Vector store storage'] },
    );
    for (const [project, error] of errors) expect(Math.abs(error), project).toBeLessThan(1e-9);
  });

  it('follows a price change after one settled day', async () => {
    const { estimate, errors } = await estimateAgainstBill({
      priceChange: { model: MODEL, fromTime: SETTLED_DAY, factor: 2 },
    });
    for (const [project, error] of errors) expect(Math.abs(error), project).toBeLessThan(0.01);
    expect(estimate.unpriced).toEqual([]);
  });

  it('would be off after a price change without the bill of the changed day', async () => {
    const { errors } = await estimateAgainstBill(
      { priceChange: { model: MODEL, fromTime: SETTLED_DAY, factor: 2 } },
      { learnUntil: SETTLED_DAY },
    );
    for (const [project, error] of errors) expect(error, project).toBeLessThan(-0.01);
  });
});
