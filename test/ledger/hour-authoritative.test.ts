import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';

// A code interpreter session that spans minutes may be counted in each of them, so the minutes of
// an hour may add up to more than the hour. For num_sessions the hour is authoritative.
const HOUR = 3600;
const T0 = 1_790_000_000 - (1_790_000_000 % 86400);

function sessions(start: number, width: number, count: number): Bucket {
  return { startTime: start, endTime: start + width, rows: [{ labels: ['proj_a'], values: [count] }] };
}

function total(ledger: CategoryLedger): number {
  return ledger.totals[0] ?? 0;
}

describe('code interpreter sessions', () => {
  it('are declared in the catalog as not adding up across minutes', () => {
    expect(CATEGORIES.code_interpreter_sessions.minutesAddUp).toBe(false);
    expect(CATEGORIES.completions.minutesAddUp).toBeUndefined();
  });

  it('count the hour, not the sum of minutes that each saw the same long session', () => {
    const ledger = new CategoryLedger(categoryLayout('code_interpreter_sessions', ['project_id'], 100));
    const oneSessionOverThreeMinutes = [0, 1, 2].map((m) => sessions(T0 + m * 60, 60, 1));
    ledger.ingest('1m', oneSessionOverThreeMinutes, T0 + 240);
    ledger.ingest('1h', [sessions(T0, HOUR, 1)], T0 + 240);
    expect(total(ledger)).toBe(1);
    ledger.ingest('1h', [sessions(T0, HOUR, 2)], T0 + 900);
    expect(total(ledger)).toBe(2);
  });

  it('keep what an older release already counted from minutes, without a reset or a second count', () => {
    const older = { ...categoryLayout('code_interpreter_sessions', ['project_id'], 100) };
    const olderSpec = { ...CATEGORIES.code_interpreter_sessions, minutesAddUp: true };
    const before = new CategoryLedger({ ...older, spec: olderSpec });
    before.ingest(
      '1m',
      [0, 1, 2].map((m) => sessions(T0 + m * 60, 60, 1)),
      T0 + 240,
    );
    expect(total(before)).toBe(3);

    const after = CategoryLedger.restore(
      categoryLayout('code_interpreter_sessions', ['project_id'], 100),
      JSON.parse(JSON.stringify(before.snapshot())),
    );
    after.ingest('1h', [sessions(T0, HOUR, 2)], T0 + 600);
    expect(total(after)).toBe(3);
    after.ingest('1h', [sessions(T0, HOUR, 5)], T0 + 900);
    expect(total(after)).toBe(5);
  });
});
