import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';

// Vector storage is a level: the gauge shows what the newest data says is stored now, never a
// memory of what was once stored.
const HOUR = 3600;
const T0 = 1_790_000_000 - (1_790_000_000 % 86400);
const USAGE_BYTES = CATEGORIES.vector_stores.fields.findIndex((f) => f.field === 'usage_bytes');

function vectorLedger(): CategoryLedger {
  return new CategoryLedger(categoryLayout('vector_stores', ['project_id'], 100));
}

function bucket(start: number, width: number, levels: Record<string, number>): Bucket {
  return {
    startTime: start,
    endTime: start + width,
    rows: Object.entries(levels).map(([project, bytes]) => ({ labels: [project], values: [bytes] })),
  };
}

/** Minute buckets [from, to) with the same levels in each (none when `levels` is empty). */
function minutes(from: number, to: number, levels: Record<string, number>): Bucket[] {
  const out: Bucket[] = [];
  for (let start = from; start < to; start += 60) out.push(bucket(start, 60, levels));
  return out;
}

function levels(ledger: CategoryLedger): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [exported, values] of ledger.gauges) {
    out[ledger.series.exportedLabels(exported).join('|')] = values[USAGE_BYTES] ?? Number.NaN;
  }
  return out;
}

describe('the vector storage level', () => {
  it('shows the newest minute that has rows, even when the last minutes are still empty', () => {
    const ledger = vectorLedger();
    const now = T0 + 15 * 60;
    ledger.ingest(
      '1m',
      [...minutes(T0, T0 + 10 * 60, { p: 100, q: 50 }), ...minutes(T0 + 10 * 60, now, {})],
      now,
    );
    expect(levels(ledger)).toEqual({ p: 100, q: 50 });
  });

  it('drops the series once the whole trailing window has no rows, rather than repeating the last level', () => {
    const ledger = vectorLedger();
    ledger.ingest('1m', minutes(T0, T0 + 15 * 60, { p: 100 }), T0 + 15 * 60);
    const outcome = ledger.ingest('1m', minutes(T0 + 60 * 60, T0 + 75 * 60, {}), T0 + 75 * 60);
    expect(levels(ledger)).toEqual({});
    expect(outcome.changed).toBe(true);
  });

  it('drops a project that the newest bucket no longer lists', () => {
    const ledger = vectorLedger();
    ledger.ingest('1m', minutes(T0, T0 + 15 * 60, { p: 100, q: 50 }), T0 + 15 * 60);
    ledger.ingest('1m', minutes(T0 + 60, T0 + 16 * 60, { p: 120 }), T0 + 16 * 60);
    expect(levels(ledger)).toEqual({ p: 120 });
  });

  it('takes the level from the hour until a minute poll has succeeded', () => {
    const ledger = vectorLedger();
    ledger.ingest('1h', [bucket(T0 - HOUR, HOUR, { p: 90 }), bucket(T0, HOUR, { p: 100 })], T0 + 600, {
      fineFailing: true,
    });
    expect(levels(ledger)).toEqual({ p: 100 });
  });

  it('takes the level from the newest hour while minute polls fail', () => {
    const ledger = vectorLedger();
    ledger.ingest('1m', minutes(T0, T0 + 15 * 60, { p: 100 }), T0 + 15 * 60);
    ledger.ingest('1h', [bucket(T0, HOUR, { p: 140 })], T0 + 40 * 60, { fineFailing: true });
    expect(levels(ledger)).toEqual({ p: 140 });
    // The minutes are back: they are the finer and fresher source again.
    ledger.ingest('1m', minutes(T0 + 30 * 60, T0 + 45 * 60, { p: 145 }), T0 + 45 * 60);
    expect(levels(ledger)).toEqual({ p: 145 });
  });

  it('takes the level from the hour when the newest minute with rows is older than the newest hour', () => {
    const ledger = vectorLedger();
    ledger.ingest('1m', minutes(T0 + HOUR - 15 * 60, T0 + HOUR, { p: 100 }), T0 + HOUR);
    ledger.ingest(
      '1h',
      [bucket(T0, HOUR, { p: 100 }), bucket(T0 + HOUR, HOUR, { p: 130 })],
      T0 + HOUR + 120,
      {
        fineFailing: false,
      },
    );
    expect(levels(ledger)).toEqual({ p: 130 });
  });

  it('keeps the minute level while minute polls succeed and reach into the newest hour', () => {
    const ledger = vectorLedger();
    ledger.ingest('1m', minutes(T0, T0 + 15 * 60, { p: 100 }), T0 + 15 * 60);
    ledger.ingest('1h', [bucket(T0, HOUR, { p: 90 })], T0 + 15 * 60, { fineFailing: false });
    expect(levels(ledger)).toEqual({ p: 100 });
  });

  it('keeps an empty trailing minute window authoritative over an hour that still lists old storage', () => {
    const ledger = vectorLedger();
    ledger.ingest('1m', minutes(T0 + 10 * 60, T0 + 25 * 60, {}), T0 + 25 * 60);
    ledger.ingest('1h', [bucket(T0, HOUR, { p: 100 })], T0 + 25 * 60, { fineFailing: false });
    expect(levels(ledger)).toEqual({});
  });
});
