import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { Estimator } from '../../src/pricing/estimator.js';
import { DAY, M, TODAY, testList } from './price-fixtures.js';

const HOUR = 3600;
const NOW = TODAY + 12 * HOUR;
const MODEL = 'text-embedding-3-small';
/** USD per token: dyadic, so every product and sum below is exact. */
const PRICE = 2 / M;

function embeddings(seriesLimit = 100): CategoryLedger {
  return new CategoryLedger({
    spec: CATEGORIES.embeddings,
    labelNames: ['project_id', 'model'],
    coarseWidth: '1h',
    fineWidth: '1m',
    seriesLimit,
  });
}

function costs(labelNames: string[] = ['project_id', 'line_item']): CategoryLedger {
  return new CategoryLedger({ spec: CATEGORIES.costs, labelNames, coarseWidth: '1d', seriesLimit: 100 });
}

/** One hour bucket of embeddings usage: [project, tokens] per row. */
const usage = (start: number, rows: [string, number][]): Bucket => ({
  startTime: start,
  endTime: start + HOUR,
  rows: rows.map(([project, tokens]) => ({ labels: [project, MODEL], values: [tokens, 1] })),
});

/** One day of the bill: [project, amount, tokens] per row of the embeddings line item. */
const bill = (day: number, rows: [string, number, number][]): Bucket => ({
  startTime: day,
  endTime: day + DAY,
  rows: rows.map(([project, amount, tokens]) => ({
    labels: [project, `${MODEL}, input`],
    values: [amount, tokens, 0],
    unit: 'tokens',
  })),
});

/** An estimator tracking `ledger` (fresh) that learned PRICE from yesterday's bill. */
function pricedEstimator(ledger: CategoryLedger, bills = costs()): Estimator {
  bills.ingest('1d', [bill(TODAY - DAY, [['p1', 2, M]])], NOW);
  const estimator = new Estimator({ list: testList() });
  estimator.track(ledger, 'fresh', NOW);
  estimator.learn(bills, NOW);
  return estimator;
}

const usd = (estimator: Estimator) =>
  Object.fromEntries(estimator.spend.map((s) => [`${s.projectId}/${s.model}`, s.usd]));

describe('the estimator', () => {
  it('prices exactly the growth of the usage counters since it last looked', () => {
    const ledger = embeddings();
    const estimator = pricedEstimator(ledger);
    ledger.ingest(
      '1h',
      [
        usage(TODAY, [
          ['p1', 1000],
          ['p2', 24],
        ]),
      ],
      NOW,
    );
    expect(estimator.observe(ledger, NOW)).toBe(true);
    // The same totals again add nothing; a revised bucket adds only its growth.
    expect(estimator.observe(ledger, NOW)).toBe(false);
    ledger.ingest('1h', [usage(TODAY, [['p1', 1500]])], NOW);
    estimator.observe(ledger, NOW);
    expect(usd(estimator)).toEqual({ [`p1/${MODEL}`]: 1500 * PRICE, [`p2/${MODEL}`]: 24 * PRICE });
    expect(estimator.unpriced).toEqual([]);
    expect(estimator.prices).toEqual([{ model: MODEL, kind: 'input', source: 'billed', price: PRICE }]);
  });

  it('prices nothing before the bill was read, then the waiting growth at the learned price', () => {
    const ledger = embeddings();
    const estimator = new Estimator({ list: testList() });
    estimator.track(ledger, 'fresh', NOW);
    ledger.ingest('1h', [usage(TODAY, [['p1', 1000]])], NOW);
    expect(estimator.observe(ledger, NOW)).toBe(false);
    expect(estimator.spend).toEqual([]);
    const bills = costs();
    bills.ingest('1d', [bill(TODAY - DAY, [['p1', 2, M]])], NOW);
    estimator.learn(bills, NOW);
    estimator.observe(ledger, NOW);
    expect(usd(estimator)).toEqual({ [`p1/${MODEL}`]: 1000 * PRICE });
  });

  it('counts what it cannot price as unpriced units, and the overflow series as unpriced', () => {
    const ledger = embeddings(2);
    const estimator = new Estimator({ list: testList() });
    estimator.track(ledger, 'fresh', NOW);
    estimator.withoutBill();
    ledger.ingest(
      '1h',
      [
        usage(TODAY, [
          ['p1', 10],
          ['p2', 20],
          ['p3', 30],
        ]),
      ],
      NOW,
    );
    estimator.observe(ledger, NOW);
    expect(estimator.spend).toEqual([]);
    expect(estimator.unpriced).toEqual([
      { category: 'embeddings', field: 'input_tokens', model: MODEL, units: 10 },
      { category: 'embeddings', field: 'input_tokens', model: '__other__', units: 50 },
    ]);
  });

  it('puts each increment on the day its usage happened, and compares a settled day with its bill', () => {
    const ledger = embeddings();
    const bills = costs();
    const estimator = pricedEstimator(ledger, bills);
    const now = TODAY + 7 * HOUR;
    // Counted from yesterday's first hour on; its last hour arrives late, together with today's first.
    const hours = [usage(TODAY - DAY, []), usage(TODAY - HOUR, [['p1', 4096]]), usage(TODAY, [['p1', 1024]])];
    ledger.ingest('1h', hours, now);
    estimator.observe(ledger, now);
    bills.ingest(
      '1d',
      [
        bill(TODAY - DAY, [
          ['p1', 2, M],
          ['p2', 1, M],
        ]),
      ],
      now,
    );
    const ratios = estimator.ratios(bills, now);
    expect(estimator.settledDay(now)).toBe(TODAY - DAY);
    expect(ratios).toEqual(
      new Map([
        ['', (4096 * PRICE) / 3],
        ['p1', (4096 * PRICE) / 2],
        ['p2', 0],
      ]),
    );
    // Until six hours after midnight, yesterday's bill is still filling in: the day before counts.
    expect(estimator.settledDay(TODAY + 5 * HOUR)).toBe(TODAY - 2 * DAY);
  });

  it('has no ratio for a day it saw only part of (counting began later that day)', () => {
    const ledger = embeddings();
    const bills = costs();
    const estimator = pricedEstimator(ledger, bills);
    const now = TODAY + 7 * HOUR;
    ledger.ingest('1h', [usage(TODAY - 8 * HOUR, [['p1', 4096]])], now);
    estimator.observe(ledger, now);
    expect(estimator.ratios(bills, now)).toEqual(new Map());
  });

  it('compares only the organization when usage is not grouped by project', () => {
    const ledger = new CategoryLedger({ ...embeddings().layout, labelNames: ['model'] });
    const bills = costs();
    const estimator = pricedEstimator(ledger, bills);
    const now = TODAY + 7 * HOUR;
    const hour = (start: number, tokens: number): Bucket => ({
      startTime: start,
      endTime: start + HOUR,
      rows: tokens === 0 ? [] : [{ labels: [MODEL], values: [tokens, 1] }],
    });
    ledger.ingest('1h', [hour(TODAY - DAY, 0), hour(TODAY - HOUR, 4096)], now);
    estimator.observe(ledger, now);
    expect(estimator.ratios(bills, now)).toEqual(new Map([['', (4096 * PRICE) / 2]]));
  });

  it("prices a project's usage at its own learned price, a project the bill has not at the organization's", () => {
    const ledger = embeddings();
    const bills = costs();
    // Prices differ by project only here (a test's bill); the mix of tiers is what differs for real.
    bills.ingest(
      '1d',
      [
        bill(TODAY - DAY, [
          ['p1', 2, M],
          ['p2', 4, M],
        ]),
      ],
      NOW,
    );
    const estimator = new Estimator({ list: testList() });
    estimator.track(ledger, 'fresh', NOW);
    estimator.learn(bills, NOW);
    ledger.ingest(
      '1h',
      [
        usage(TODAY, [
          ['p1', 1024],
          ['p2', 1024],
          ['p3', 1024],
        ]),
      ],
      NOW,
    );
    estimator.observe(ledger, NOW);
    expect(usd(estimator)).toEqual({
      [`p1/${MODEL}`]: (1024 * 2) / M,
      [`p2/${MODEL}`]: (1024 * 4) / M,
      [`p3/${MODEL}`]: (1024 * 3) / M,
    });
    // The price shown is the organization's, one series per model and kind, not per project.
    expect(estimator.prices).toEqual([{ model: MODEL, kind: 'input', source: 'billed', price: 3 / M }]);
  });

  it('shows a learned price until the bill no longer has it: then the list price, or none', () => {
    const list = testList({ tokens: { [MODEL]: { input: 4 } } });
    for (const [listed, after] of [
      [list, [{ model: MODEL, kind: 'input', source: 'list', price: 4e-6 }]],
      [testList(), []],
    ] as const) {
      const ledger = embeddings();
      const bills = costs();
      bills.ingest('1d', [bill(TODAY - DAY, [['p1', 2, M]])], NOW);
      const estimator = new Estimator({ list: listed });
      estimator.track(ledger, 'fresh', NOW);
      estimator.learn(bills, NOW);
      ledger.ingest('1h', [usage(TODAY, [['p1', 1024]])], NOW);
      estimator.observe(ledger, NOW);
      expect(estimator.prices).toEqual([{ model: MODEL, kind: 'input', source: 'billed', price: PRICE }]);
      // The bill's days with the line item left its window.
      estimator.learn(costs(), NOW + HOUR);
      expect(estimator.prices).toEqual(after);
    }
  });

  it('stops showing the price of a model whose usage was not priced for a day', () => {
    const ledger = embeddings();
    const estimator = pricedEstimator(ledger);
    ledger.ingest('1h', [usage(TODAY, [['p1', 1024]])], NOW);
    estimator.observe(ledger, NOW);
    expect(estimator.observe(ledger, NOW + DAY - 1)).toBe(false);
    expect(estimator.prices).toHaveLength(1);
    expect(estimator.observe(ledger, NOW + DAY)).toBe(true);
    expect(estimator.prices).toEqual([]);
  });

  it('learns nothing from costs not grouped by line_item, and prices at list prices', () => {
    const ledger = embeddings();
    const estimator = new Estimator({ list: testList({ tokens: { [MODEL]: { input: 4 } } }) });
    estimator.track(ledger, 'fresh', NOW);
    expect(estimator.learn(costs(['project_id']), NOW)).toBeUndefined();
    ledger.ingest('1h', [usage(TODAY, [['p1', 1_000_000]])], NOW);
    estimator.observe(ledger, NOW);
    expect(usd(estimator)).toEqual({ [`p1/${MODEL}`]: 4 });
    expect(estimator.prices).toEqual([{ model: MODEL, kind: 'input', source: 'list', price: 4e-6 }]);
  });

  it('walks again only the hours an answer reached since it last looked, and still prices all growth', () => {
    const ledger = embeddings();
    const estimator = pricedEstimator(ledger);
    const hours = Array.from({ length: 6 }, (_, i) => usage(TODAY + i * HOUR, [['p1', 100]]));
    ledger.ingest('1h', hours, NOW);
    estimator.observe(ledger, NOW);
    const walked: number[] = [];
    const visit = ledger.visitCoarseRows.bind(ledger);
    ledger.visitCoarseRows = (start, visitor) => {
      walked.push(start);
      visit(start, visitor);
    };
    ledger.ingest('1h', [usage(TODAY + 5 * HOUR, [['p1', 130]])], NOW);
    estimator.observe(ledger, NOW);
    expect(walked).toEqual([TODAY + 5 * HOUR]);
    expect(usd(estimator)).toEqual({ [`p1/${MODEL}`]: 630 * PRICE });
    expect(estimator.saved().categories.embeddings?.hours.map(([start]) => start)).toEqual(
      hours.map((hour) => hour.startTime),
    );
  });
});

describe('the estimator across a restart', () => {
  const restored = (ledger: CategoryLedger) => CategoryLedger.restore(ledger.layout, ledger.snapshot());

  it('continues from the saved section without counting an increment twice or dropping one', () => {
    const ledger = embeddings();
    const estimator = pricedEstimator(ledger);
    ledger.ingest('1h', [usage(TODAY, [['p1', 1000]])], NOW);
    estimator.observe(ledger, NOW);
    // Saved after the ledger grew again but before the estimator looked: a kill -9 here.
    ledger.ingest('1h', [usage(TODAY, [['p1', 3000]])], NOW);
    const saved = JSON.parse(JSON.stringify(estimator.saved()));
    const back = restored(ledger);
    const bills = costs();
    bills.ingest('1d', [bill(TODAY - DAY, [['p1', 2, M]])], NOW);
    const again = new Estimator({ saved, list: testList() });
    again.track(back, 'restored', NOW);
    again.learn(bills, NOW);
    back.ingest('1h', [usage(TODAY, [['p1', 5000]]), usage(TODAY + HOUR, [['p1', 8]])], NOW);
    again.observe(back, NOW);
    expect(usd(again)).toEqual({ [`p1/${MODEL}`]: 5008 * PRICE });
    const now = TODAY + DAY + 7 * HOUR;
    bills.ingest('1d', [bill(TODAY, [['p1', 5008 * PRICE, 5008]])], now);
    expect(again.ratios(bills, now).get('p1')).toBe(1);
  });

  it('reading a state without the section, takes the restored counters as priced: new series, no recount', () => {
    const ledger = embeddings();
    ledger.ingest('1h', [usage(TODAY, [['p1', 1000]])], NOW);
    const back = restored(ledger);
    const estimator = new Estimator({ list: testList() });
    estimator.track(back, 'restored', NOW);
    estimator.withoutBill();
    expect(estimator.observe(back, NOW)).toBe(false);
    back.ingest('1h', [usage(TODAY, [['p1', 1200]])], NOW);
    estimator.observe(back, NOW);
    expect(estimator.unpriced).toEqual([
      { category: 'embeddings', field: 'input_tokens', model: MODEL, units: 200 },
    ]);
  });

  it('takes the first look of a ledger that started afresh (other labels) as priced', () => {
    const ledger = embeddings();
    const estimator = pricedEstimator(ledger);
    ledger.ingest('1h', [usage(TODAY, [['p1', 1000]])], NOW);
    estimator.observe(ledger, NOW);
    const saved = JSON.parse(JSON.stringify(estimator.saved()));
    const fresh = embeddings();
    const again = new Estimator({ saved, list: testList() });
    again.track(fresh, 'fresh', NOW);
    again.withoutBill();
    fresh.ingest('1h', [usage(TODAY, [['p1', 1000]])], NOW);
    again.observe(fresh, NOW);
    fresh.ingest('1h', [usage(TODAY, [['p1', 1001]])], NOW);
    again.observe(fresh, NOW);
    expect(usd(again)).toEqual({ [`p1/${MODEL}`]: 1000 * PRICE });
    expect(again.unpriced).toEqual([
      { category: 'embeddings', field: 'input_tokens', model: MODEL, units: 1 },
    ]);
  });
});
