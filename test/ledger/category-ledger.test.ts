import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import type { LedgerLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { LedgerRejectedError } from '../../src/ledger/errors.js';

const HOUR = 3600;
const T0 = 1_790_000_000 - (1_790_000_000 % 86400);

function embeddingsLedger(seriesLimit = 1000): CategoryLedger {
  const layout: LedgerLayout = {
    spec: CATEGORIES.embeddings,
    labelNames: ['project_id', 'model'],
    coarseWidth: '1h',
    fineWidth: '1m',
    seriesLimit,
  };
  return new CategoryLedger(layout);
}

function bucket(
  start: number,
  width: number,
  rows: [labels: string[], tokens: number, requests: number][],
): Bucket {
  return {
    startTime: start,
    endTime: start + width,
    rows: rows.map(([labels, tokens, requests]) => ({ labels, values: [tokens, requests] })),
  };
}

function total(ledger: CategoryLedger, labels: string[], field: number): number {
  for (let i = 0; i < ledger.series.exportedCount; i++) {
    if (ledger.series.exportedLabels(i).join('|') === labels.join('|')) {
      return ledger.totals[i * ledger.fieldCount + field] ?? 0;
    }
  }
  return 0;
}

describe('the category ledger', () => {
  it('adds only the growth of a minute bucket that keeps being revised upwards', () => {
    const ledger = embeddingsLedger();
    ledger.ingest('1m', [bucket(T0, 60, [[['p', 'm'], 100, 1]])], T0 + 61);
    ledger.ingest('1m', [bucket(T0, 60, [[['p', 'm'], 150, 2]])], T0 + 120);
    ledger.ingest('1m', [bucket(T0, 60, [[['p', 'm'], 150, 2]])], T0 + 180);
    expect(total(ledger, ['p', 'm'], 0)).toBe(150);
    expect(total(ledger, ['p', 'm'], 1)).toBe(2);
  });

  it('reports a downward revision and never subtracts it', () => {
    const ledger = embeddingsLedger();
    ledger.ingest('1m', [bucket(T0, 60, [[['p', 'm'], 100, 3]])], T0 + 61);
    const outcome = ledger.ingest('1m', [bucket(T0, 60, [[['p', 'm'], 90, 3]])], T0 + 120);
    expect(outcome.downwardRevisions).toBe(1);
    expect(total(ledger, ['p', 'm'], 0)).toBe(100);
  });

  it('does not count the same usage twice when the hour and its minutes both report it', () => {
    const ledger = embeddingsLedger();
    ledger.ingest(
      '1m',
      [bucket(T0, 60, [[['p', 'm'], 10, 1]]), bucket(T0 + 60, 60, [[['p', 'm'], 5, 1]])],
      T0 + 200,
    );
    ledger.ingest('1h', [bucket(T0, HOUR, [[['p', 'm'], 15, 2]])], T0 + 200);
    expect(total(ledger, ['p', 'm'], 0)).toBe(15);
    // The hour answer saw more than the minutes did: only the excess is added.
    ledger.ingest('1h', [bucket(T0, HOUR, [[['p', 'm'], 20, 2]])], T0 + 300);
    expect(total(ledger, ['p', 'm'], 0)).toBe(20);
    // Minutes catching up to what the hour already reported add nothing.
    ledger.ingest(
      '1m',
      [bucket(T0, 60, [[['p', 'm'], 13, 1]]), bucket(T0 + 60, 60, [[['p', 'm'], 7, 1]])],
      T0 + 400,
    );
    expect(total(ledger, ['p', 'm'], 0)).toBe(20);
    ledger.ingest('1m', [bucket(T0 + 120, 60, [[['p', 'm'], 4, 1]])], T0 + 400);
    expect(total(ledger, ['p', 'm'], 0)).toBe(24);
  });

  it('refuses an unaligned bucket, which would be counted again under another key', () => {
    const ledger = embeddingsLedger();
    expect(() => ledger.ingest('1m', [bucket(T0 + 7, 53, [[['p', 'm'], 1, 1]])], T0 + 100)).toThrow(
      LedgerRejectedError,
    );
    expect(ledger.series.exportedCount).toBe(0);
  });

  it('ignores answers for buckets that were already pruned as final', () => {
    const ledger = embeddingsLedger();
    ledger.ingest('1h', [bucket(T0, HOUR, [[['p', 'm'], 15, 2]])], T0 + 2 * HOUR);
    ledger.prune(T0 + HOUR, T0 + HOUR);
    const outcome = ledger.ingest('1h', [bucket(T0, HOUR, [[['p', 'm'], 99, 9]])], T0 + 3 * HOUR);
    expect(outcome.staleBuckets).toBe(1);
    expect(total(ledger, ['p', 'm'], 0)).toBe(15);
  });

  it('folds label sets beyond the series limit into __other__ and keeps the totals exact', () => {
    const ledger = embeddingsLedger(3);
    const rows: [string[], number, number][] = [];
    for (let i = 0; i < 10; i++) rows.push([[`p${i}`, 'm'], i + 1, 1]);
    ledger.ingest('1m', [bucket(T0, 60, rows)], T0 + 61);
    expect(ledger.series.exportedCount).toBe(3);
    expect(ledger.series.folded).toBe(8);
    let sum = 0;
    for (let i = 0; i < ledger.series.exportedCount; i++) sum += ledger.totals[i * 2] ?? 0;
    expect(sum).toBe(55);
    expect(total(ledger, ['__other__', '__other__'], 0)).toBe(55 - 1 - 2);
  });

  it('does not export a field the upstream never sent', () => {
    const ledger = embeddingsLedger();
    ledger.ingest(
      '1m',
      [{ startTime: T0, endTime: T0 + 60, rows: [{ labels: ['p', 'm'], values: [5, Number.NaN] }] }],
      T0 + 61,
    );
    expect(Array.from(ledger.fieldSeen)).toEqual([1, 0]);
  });

  it('survives a snapshot round trip with identical totals and continues counting', () => {
    const ledger = embeddingsLedger();
    ledger.ingest('1m', [bucket(T0, 60, [[['p', 'm'], 10, 1]])], T0 + 61);
    ledger.ingest('1h', [bucket(T0, HOUR, [[['p', 'm'], 12, 1]])], T0 + 61);
    const restored = CategoryLedger.restore(ledger.layout, JSON.parse(JSON.stringify(ledger.snapshot())));
    restored.ingest('1m', [bucket(T0, 60, [[['p', 'm'], 14, 1]])], T0 + 120);
    expect(total(restored, ['p', 'm'], 0)).toBe(14);
    expect(restored.countedSince).toBe(T0);
  });

  it('counts every hour exactly its final total, however minute and hour answers interleave', () => {
    // Each step reveals a prefix of the growth of one minute, at either width; values only grow.
    const minutes = 6;
    const arbitrary = fc.record({
      finals: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: minutes, maxLength: minutes }),
      steps: fc.array(
        fc.record({
          width: fc.constantFrom('1m', '1h'),
          progress: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { maxLength: 30 },
      ),
    });
    fc.assert(
      fc.property(arbitrary, ({ finals, steps }) => {
        const ledger = embeddingsLedger();
        let progress = 0;
        const visible = () => finals.map((value) => Math.floor(value * progress));
        const poll = (width: string) => {
          const values = visible();
          if (width === '1m') {
            ledger.ingest(
              '1m',
              values.map((v, m) => bucket(T0 + 60 * m, 60, [[['p', 'm'], v, v]])),
              T0,
            );
          } else {
            const sum = values.reduce((a, b) => a + b, 0);
            ledger.ingest('1h', [bucket(T0, HOUR, [[['p', 'm'], sum, sum]])], T0);
          }
        };
        for (const step of steps) {
          progress = Math.max(progress, step.progress);
          poll(step.width);
        }
        progress = 1;
        poll('1h');
        poll('1m');
        const final = finals.reduce((a, b) => a + b, 0);
        expect(total(ledger, ['p', 'm'], 0)).toBe(final);
      }),
      { numRuns: 300 },
    );
  });
});
