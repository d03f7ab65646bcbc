import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';

const T0 = 1_790_000_000 - (1_790_000_000 % 86400);

/** Embeddings by project and model: input_tokens and num_model_requests, both counters. */
function ledger(seriesLimit = 1000): CategoryLedger {
  const spec = CATEGORIES.embeddings;
  return new CategoryLedger({
    spec,
    labelNames: ['project_id', 'model'],
    coarseWidth: '1h',
    fineWidth: '1m',
    seriesLimit,
  });
}

const minute = (start: number, rows: [labels: string[], tokens: number, requests: number][]): Bucket => ({
  startTime: start,
  endTime: start + 60,
  rows: rows.map(([labels, tokens, requests]) => ({ labels, values: [tokens, requests] })),
});

describe('the fine buckets a ledger holds', () => {
  it('give each minute with the latest value seen per label set, in time order', () => {
    const l = ledger();
    l.ingest('1m', [minute(T0 + 60, [[['p', 'm'], 5, 1]]), minute(T0, [[['p', 'm'], 3, 1]])], T0 + 120);
    l.ingest(
      '1m',
      [
        minute(T0 + 60, [
          [['p', 'm'], 9, 2],
          [['q', 'm'], 4, 1],
        ]),
      ],
      T0 + 180,
    );
    expect([...l.fineBuckets()]).toEqual([
      { startTime: T0, endTime: T0 + 60, rows: [{ labels: ['p', 'm'], values: [3, 1] }] },
      {
        startTime: T0 + 60,
        endTime: T0 + 120,
        rows: [
          { labels: ['p', 'm'], values: [9, 2] },
          { labels: ['q', 'm'], values: [4, 1] },
        ],
      },
    ]);
  });

  it('keep the label sets the series limit folds into __other__', () => {
    const l = ledger(2);
    l.ingest(
      '1m',
      [
        minute(T0, [
          [['p', 'a'], 1, 1],
          [['p', 'b'], 2, 1],
          [['p', 'c'], 3, 1],
        ]),
      ],
      T0 + 60,
    );
    expect([...l.fineBuckets()][0]?.rows.map((r) => r.labels)).toEqual([
      ['p', 'a'],
      ['p', 'b'],
      ['p', 'c'],
    ]);
  });

  it('leave out the minutes pruned from the window, and are none for a ledger without minutes', () => {
    const l = ledger();
    l.ingest('1m', [minute(T0, [[['p', 'm'], 1, 1]]), minute(T0 + 60, [[['p', 'm'], 2, 1]])], T0 + 120);
    l.prune(T0, T0 + 60);
    expect([...l.fineBuckets()].map((b) => b.startTime)).toEqual([T0 + 60]);
    const costs = new CategoryLedger({
      spec: CATEGORIES.costs,
      labelNames: [],
      coarseWidth: '1d',
      seriesLimit: 10,
    });
    expect([...costs.fineBuckets()]).toEqual([]);
  });
});
