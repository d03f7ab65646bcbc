// A category's render runs in slices with turns of the event loop between them, so a scrape is not
// held for the whole render. The body must still be exactly the one-go render, of one ledger state.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import type { Pacing } from '../../src/domain/pacing.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { LedgerRenderer } from '../../src/metrics/ledger-renderer.js';

const DAY = 86400;
const T0 = Date.UTC(2026, 10, 12) / 1000;

/** A clock that moves one unit per look, and a yield that runs `turn` as the event loop would. */
function counted(sliceMs: number, turn: (turns: number) => void = () => undefined) {
  let clock = 0;
  let turns = 0;
  const pacing: Pacing = {
    sliceMs,
    now: () => clock++,
    yieldToLoop: async () => {
      turns += 1;
      turn(turns);
    },
  };
  return { pacing, turns: () => turns };
}

function minute(start: number, rows: number, scale: number): Bucket {
  return {
    startTime: start,
    endTime: start + 60,
    rows: Array.from({ length: rows }, (_, i) => ({
      labels: [`proj_${i % 7}`, `model-"${i}"\n`],
      values: [scale * (i + 1), i % 3],
    })),
  };
}

function embeddings(rows: number): CategoryLedger {
  const ledger = new CategoryLedger(categoryLayout('embeddings', ['project_id', 'model'], 10_000));
  ledger.ingest('1m', [minute(T0, rows, 1000)], T0 + 60);
  return ledger;
}

/** Costs: counters, the unit label, and today's and the month's net gauges. */
function costs(projects: number): CategoryLedger {
  const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 10_000));
  const fields = CATEGORIES.costs.fields;
  const day = (start: number, sign: number): Bucket => ({
    startTime: start,
    endTime: start + DAY,
    rows: Array.from({ length: projects }, (_, i) => ({
      labels: [`proj_${i}`, i % 2 === 0 ? 'gpt-4o, input' : 'web search'],
      values: fields.map((f) =>
        f.field === 'amount' ? sign * (i + 1.25) : f.field === 'quantity' ? 10 * i : Number.NaN,
      ),
      unit: i % 2 === 0 ? 'tokens' : 'calls',
    })),
  });
  ledger.ingest('1d', [day(T0 - 2 * DAY, 1), day(T0 - DAY, -1), day(T0, 1)], T0 + 100);
  return ledger;
}

/** Vector stores: a gauge family. */
function vectorStores(stores: number): CategoryLedger {
  const ledger = new CategoryLedger(categoryLayout('vector_stores', ['project_id'], 10_000));
  const rows = Array.from({ length: stores }, (_, i) => ({
    labels: [`proj_${i}`],
    values: [1024 * (i + 1)],
  }));
  ledger.ingest('1m', [{ startTime: T0, endTime: T0 + 60, rows }], T0 + 60);
  return ledger;
}

describe('a sliced render', () => {
  it('is the one-go render byte for byte, for any slice and run length, one series per run included', async () => {
    const ledgers = [embeddings(150), costs(40), vectorStores(30)];
    const now = T0 + 3600;
    const expected = ledgers.map((ledger) => new LedgerRenderer(ledger, 'acme "org"').render(now));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 200 }),
        async (which, sliceMs, seriesPerRun) => {
          const ledger = ledgers[which] as CategoryLedger;
          // A fresh renderer: its label cache is filled in slices too.
          const renderer = new LedgerRenderer(ledger, 'acme "org"');
          const { pacing } = counted(sliceMs);
          const body = await renderer.renderSliced(now, pacing, seriesPerRun);
          expect(body.equals(expected[which] as Buffer)).toBe(true);
          // And again, with the labels cached and the buffer sized from the last render.
          expect((await renderer.renderSliced(now, pacing, seriesPerRun)).equals(body)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('yields whenever its budget is used up, and never runs a slice more than one series past it', async () => {
    const ledger = embeddings(300);
    const renderer = new LedgerRenderer(ledger, 'acme');
    renderer.render(T0 + 60); // labels cached: only series lines are left to count
    // The clock is the work done: one unit per series line read from the ledger.
    const totals = ledger.totals;
    let lines = 0;
    ledger.totals = new Proxy(totals, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) lines += 1;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const budget = 25;
    const perSlice: number[] = [];
    let sliceStartLines = 0;
    const pacing: Pacing = {
      sliceMs: budget,
      now: () => lines,
      yieldToLoop: async () => {
        perSlice.push(lines - sliceStartLines);
        sliceStartLines = lines;
      },
    };
    const body = await renderer.renderSliced(T0 + 60, pacing, 1);
    ledger.totals = totals;
    expect(body.equals(renderer.render(T0 + 60))).toBe(true);
    // Two counter families of 300 series each.
    expect(lines).toBe(600);
    expect(perSlice.length).toBeGreaterThanOrEqual(Math.floor(600 / (budget + 1)));
    for (const work of perSlice) expect(work).toBeLessThanOrEqual(budget + 1);
  });

  it('serves one ledger revision when a poll lands during a turn of the loop, never a torn body', async () => {
    const ledger = embeddings(200);
    const renderer = new LedgerRenderer(ledger, 'acme');
    renderer.render(T0 + 120);
    const bodies = [renderer.render(T0 + 120)];
    const { pacing, turns } = counted(5, (turn) => {
      // Two polls land in the middle of the render: one changes every total, one adds series.
      if (turn === 3) ledger.ingest('1m', [minute(T0 + 60, 200, 7)], T0 + 120);
      if (turn === 9) ledger.ingest('1m', [minute(T0 + 60, 260, 9)], T0 + 120);
      if (turn === 3 || turn === 9) bodies.push(renderer.render(T0 + 120));
    });
    const body = await renderer.renderSliced(T0 + 120, pacing, 4);
    expect(turns()).toBeGreaterThan(9);
    expect(bodies).toHaveLength(3);
    expect(body.equals(bodies[2] as Buffer)).toBe(true);
  });

  it('writes the body at once when polls keep changing the ledger at every turn', async () => {
    const ledger = embeddings(100);
    const renderer = new LedgerRenderer(ledger, 'acme');
    let scale = 1000;
    const { pacing, turns } = counted(2, () => {
      scale += 1;
      ledger.ingest('1m', [minute(T0 + 60, 100, scale)], T0 + 120);
    });
    const body = await renderer.renderSliced(T0 + 120, pacing, 1);
    const turnsTaken = turns();
    expect(body.equals(renderer.render(T0 + 120))).toBe(true);
    expect(turnsTaken).toBeLessThan(100);
  });
});
