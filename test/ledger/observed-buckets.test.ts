import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';

const DAY = 86400;
const D0 = Date.UTC(2026, 10, 1) / 1000;
const AMOUNT = CATEGORIES.costs.fields.findIndex((field) => field.field === 'amount');

function day(start: number, amount: number): Bucket {
  const values = CATEGORIES.costs.fields.map((_, index) => (index === AMOUNT ? amount : 0));
  return { startTime: start, endTime: start + DAY, rows: [{ labels: ['p', 'l'], values }] };
}

function counted(ledger: CategoryLedger, start: number): number {
  const into = new Map<number, Float64Array>();
  ledger.countedInCoarse(start, into);
  return into.get(0)?.[AMOUNT] ?? 0;
}

describe('buckets before countFrom', () => {
  it('are recorded as counted without reaching the counters or counted_since', () => {
    const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 100));
    ledger.ingest('1d', [day(D0 + 5 * DAY, 3)], D0 + 6 * DAY);
    ledger.ingest('1d', [day(D0, 10), day(D0 + DAY, 10), day(D0 + 5 * DAY, 4)], D0 + 6 * DAY, {
      countFrom: D0 + 2 * DAY,
    });
    expect(ledger.totals[AMOUNT]).toBe(4);
    expect(ledger.countedSince).toBe(D0 + 5 * DAY);
    expect(counted(ledger, D0)).toBe(10);
  });

  it('add only their growth once observed', () => {
    const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 100));
    ledger.ingest('1d', [day(D0, 10)], D0 + 6 * DAY, { countFrom: D0 + 2 * DAY });
    ledger.ingest('1d', [day(D0, 10)], D0 + 6 * DAY, { countFrom: D0 + 2 * DAY });
    expect(ledger.totals[AMOUNT]).toBe(0);
    ledger.ingest('1d', [day(D0, 12)], D0 + 6 * DAY);
    expect(ledger.totals[AMOUNT]).toBe(2);
  });

  it('that the ledger already tracks are counted as usual', () => {
    const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 100));
    ledger.ingest('1d', [day(D0, 10)], D0 + DAY);
    ledger.ingest('1d', [day(D0, 15)], D0 + 6 * DAY, { countFrom: D0 + 2 * DAY });
    expect(ledger.totals[AMOUNT]).toBe(15);
  });

  it('change the ledger, as the fields they reveal are exported from then on', () => {
    const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 100));
    const outcome = ledger.ingest('1d', [day(D0, 10)], D0 + 6 * DAY, { countFrom: D0 + 2 * DAY });
    expect(outcome.changed).toBe(true);
    expect(ledger.revision).toBe(1);
  });

  it('keep their label sets in the order of the rows, whether or not a row names a unit', () => {
    const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 100));
    const values = CATEGORIES.costs.fields.map(() => 1);
    const rows = [
      { labels: ['without-unit', 'l'], values },
      { labels: ['with-unit', 'l'], values, unit: 'usd' },
    ];
    ledger.ingest('1d', [{ startTime: D0, endTime: D0 + DAY, rows }], D0 + 6 * DAY, {
      countFrom: D0 + 2 * DAY,
    });
    expect(ledger.snapshot().series.labelSets).toEqual([
      ['without-unit', 'l'],
      ['with-unit', 'l'],
    ]);
  });
});
