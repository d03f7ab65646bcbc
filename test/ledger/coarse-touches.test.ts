import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';

const T0 = 1_790_000_000 - (1_790_000_000 % 86400);
const HOUR = 3600;

function ledger(): CategoryLedger {
  return new CategoryLedger({
    spec: CATEGORIES.embeddings,
    labelNames: ['project_id', 'model'],
    coarseWidth: '1h',
    fineWidth: '1m',
    seriesLimit: 1000,
  });
}

const bucket = (start: number, seconds: number, tokens: number): Bucket => ({
  startTime: start,
  endTime: start + seconds,
  rows: [{ labels: ['p', 'm'], values: [tokens, 1] }],
});

describe('which hours answers reached (CoarseTouches)', () => {
  it('a minute changes the revision of its own hour only', () => {
    const l = ledger();
    l.ingest('1h', [bucket(T0, HOUR, 10), bucket(T0 + HOUR, HOUR, 10)], T0 + 2 * HOUR);
    const first = l.touches.revision(T0);
    const second = l.touches.revision(T0 + HOUR);
    expect(first).toBeGreaterThan(0);
    l.ingest('1m', [bucket(T0 + HOUR + 120, 60, 3)], T0 + 2 * HOUR);
    expect(l.touches.revision(T0)).toBe(first);
    expect(l.touches.revision(T0 + HOUR)).toBeGreaterThan(second);
  });

  it('an answer that repeats a bucket unchanged still counts as reaching it (a reader walks it again)', () => {
    const l = ledger();
    l.ingest('1h', [bucket(T0, HOUR, 10)], T0 + HOUR);
    const before = l.touches.revision(T0);
    l.ingest('1h', [bucket(T0, HOUR, 10)], T0 + HOUR);
    expect(l.touches.revision(T0)).toBeGreaterThan(before);
  });

  it('is 0 for an hour no answer reached since start-up, and forgets pruned hours', () => {
    const l = ledger();
    expect(l.touches.revision(T0)).toBe(0);
    l.ingest('1h', [bucket(T0, HOUR, 10), bucket(T0 + HOUR, HOUR, 10)], T0 + 2 * HOUR);
    l.prune(T0 + HOUR, T0 + HOUR);
    expect(l.touches.revision(T0)).toBe(0);
    expect(l.touches.revision(T0 + HOUR)).toBeGreaterThan(0);
  });
});
