// Pricing a poll's growth pauses for the event loop: it must price the same dollars as a look in
// one go, a save between two of its slices must hold the previous look whole (never half of one),
// and a poll landing meanwhile must be priced exactly once.

import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { Estimator } from '../../src/pricing/estimator.js';
import { countedPacing } from '../support/counted-pacing.js';
import { DAY, M, TODAY, testList } from './price-fixtures.js';

const HOUR = 3600;
const NOW = TODAY + 23 * HOUR + 30 * 60;
const MODEL = 'text-embedding-3-small';
/** USD per token learned from the bill: dyadic, so every product and sum is exact. */
const PRICE = 2 / M;
const PROJECTS = 40;

function embeddings(): CategoryLedger {
  return new CategoryLedger({
    spec: CATEGORIES.embeddings,
    labelNames: ['project_id', 'model'],
    coarseWidth: '1h',
    fineWidth: '1m',
    seriesLimit: 1000,
  });
}

/** A day of hours for PROJECTS projects (and `extra` more), tokens scaled by `scale`. */
function day(scale: number, extra = 0): Bucket[] {
  return Array.from({ length: 24 }, (_, h) => ({
    startTime: TODAY - DAY + h * HOUR,
    endTime: TODAY - DAY + (h + 1) * HOUR,
    rows: Array.from({ length: PROJECTS + extra }, (_, p) => ({
      labels: [`proj_${p}`, MODEL],
      values: [scale * 1024 * (p + 1) + h, 1],
    })),
  }));
}

function pricedEstimator(ledger: CategoryLedger): Estimator {
  const bills = new CategoryLedger({
    spec: CATEGORIES.costs,
    labelNames: ['project_id', 'line_item'],
    coarseWidth: '1d',
    seriesLimit: 100,
  });
  bills.ingest(
    '1d',
    [
      {
        startTime: TODAY - 2 * DAY,
        endTime: TODAY - DAY,
        rows: [{ labels: ['proj_0', `${MODEL}, input`], values: [2, M, 0], unit: 'tokens' }],
      },
    ],
    NOW,
  );
  const estimator = new Estimator({ list: testList() });
  estimator.track(ledger, 'fresh', NOW);
  estimator.learn(bills, NOW);
  return estimator;
}

const usd = (estimator: Estimator) =>
  Object.fromEntries(estimator.spend.map((s) => [`${s.projectId}/${s.model}`, s.usd]));

describe('an estimate priced in slices', () => {
  it('prices and saves the same as a look in one go', async () => {
    const once = embeddings();
    const sliced = embeddings();
    for (const ledger of [once, sliced]) ledger.ingest('1h', day(1), NOW);
    const inOneGo = pricedEstimator(once);
    const inSlices = pricedEstimator(sliced);
    expect(inOneGo.observe(once, NOW)).toBe(true);
    const pacing = countedPacing();
    expect(await inSlices.observePaced(sliced, NOW, pacing)).toBe(true);
    expect(pacing.turns()).toBeGreaterThanOrEqual(24);
    expect(JSON.stringify(inSlices.saved())).toBe(JSON.stringify(inOneGo.saved()));
    expect(usd(inSlices)).toEqual(usd(inOneGo));
  });

  it('holds the previous look whole in a save taken between two slices', async () => {
    const ledger = embeddings();
    ledger.ingest('1h', day(1), NOW);
    const estimator = pricedEstimator(ledger);
    estimator.observe(ledger, NOW);
    ledger.ingest('1h', day(2), NOW);
    const before = JSON.stringify(estimator.saved());
    const savedMeanwhile: string[] = [];
    const pacing = countedPacing(() => savedMeanwhile.push(JSON.stringify(estimator.saved())));
    await estimator.observePaced(ledger, NOW, pacing);
    expect(savedMeanwhile.length).toBeGreaterThanOrEqual(24);
    for (const saved of savedMeanwhile) expect(saved).toBe(before);
    expect(JSON.stringify(estimator.saved())).not.toBe(before);
  });

  it('prices a poll that lands during a look exactly once', async () => {
    const ledger = embeddings();
    ledger.ingest('1h', day(1), NOW);
    const estimator = pricedEstimator(ledger);
    const pacing = countedPacing((turn) => {
      // Every hour revised upwards, and new projects, in the middle of the walk.
      if (turn === 10) ledger.ingest('1h', day(3, 5), NOW);
    });
    await estimator.observePaced(ledger, NOW, pacing);
    estimator.observe(ledger, NOW);
    expect(estimator.observe(ledger, NOW)).toBe(false);
    const tokens = new Map<string, number>();
    for (const bucket of day(3, 5))
      for (const row of bucket.rows) {
        const project = row.labels[0] as string;
        tokens.set(project, (tokens.get(project) ?? 0) + (row.values[0] as number));
      }
    const expected = Object.fromEntries(
      [...tokens].map(([project, t]) => [`${project}/${MODEL}`, t * PRICE]),
    );
    expect(usd(estimator)).toEqual(expected);
  });

  it('learns the same prices from the bill in slices as in one go', async () => {
    const bill = new CategoryLedger({
      spec: CATEGORIES.costs,
      labelNames: ['project_id', 'line_item'],
      coarseWidth: '1d',
      seriesLimit: 1000,
    });
    const days = Array.from({ length: 10 }, (_, d) => ({
      startTime: TODAY - (10 - d) * DAY,
      endTime: TODAY - (9 - d) * DAY,
      rows: Array.from({ length: PROJECTS }, (_, p) => ({
        labels: [`proj_${p}`, `${MODEL}, input`],
        values: [2 * (p + 1), (p + 1) * M, 0],
        unit: 'tokens',
      })),
    }));
    bill.ingest('1d', days, NOW);
    const inOneGo = new Estimator({ list: testList() });
    const inSlices = new Estimator({ list: testList() });
    const learned = inOneGo.learn(bill, NOW);
    const pacing = countedPacing();
    expect(await inSlices.learnPaced(bill, NOW, pacing)).toEqual(learned);
    expect(pacing.turns()).toBeGreaterThanOrEqual(10);
    expect(inSlices.prices).toEqual(inOneGo.prices);
  });
});
