import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import type { LegacyLedgerSnapshot, SavedLedger } from '../../src/ledger/ledger-snapshot.js';

const MINUTE = 60;
const HOUR = 3600;
const T0 = 1_790_000_000 - (1_790_000_000 % 86400);
const HOURS = 3;

function embeddings(): CategoryLedger {
  return new CategoryLedger(categoryLayout('embeddings', ['project_id', 'model'], 1000));
}

function rowsBucket(start: number, width: number, tokens: number): Bucket {
  return {
    startTime: start,
    endTime: start + width,
    rows: [{ labels: ['p', 'm'], values: [tokens, tokens] }],
  };
}

const tokens = (ledger: CategoryLedger) => ledger.totals[0] ?? 0;

/** Round trip through JSON, as the state file does. */
const reloaded = (ledger: CategoryLedger) =>
  CategoryLedger.restore(ledger.layout, JSON.parse(JSON.stringify(ledger.snapshot())) as SavedLedger);

describe('hours that left the minute window', () => {
  it('count exactly the final totals while minute windows slide, hours settle and the state is reloaded', () => {
    // Minute m grows to finals[m] over `delay` minutes after it ends. The exporter polls a trailing
    // minute window and all hours, in any order, prunes as it goes and may restart at any step.
    const minutes = HOURS * 60;
    const arbitrary = fc.record({
      finals: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: minutes, maxLength: minutes }),
      delay: fc.integer({ min: 1, max: 12 }),
      window: fc.integer({ min: 2, max: 70 }),
      steps: fc.array(
        fc.record({
          advance: fc.integer({ min: 0, max: 9 }),
          action: fc.constantFrom('minutes', 'hours', 'restart'),
        }),
        { maxLength: 60 },
      ),
    });
    fc.assert(
      fc.property(arbitrary, ({ finals, delay, window, steps }) => {
        let ledger = embeddings();
        let now = 0;
        const visible = (m: number) =>
          m >= now ? 0 : Math.floor((finals[m] ?? 0) * Math.min(1, (now - m) / delay));
        const pollMinutes = () => {
          const first = Math.max(0, now - window);
          const buckets: Bucket[] = [];
          for (let m = first; m < Math.min(now + 1, minutes); m++)
            buckets.push(rowsBucket(T0 + m * MINUTE, MINUTE, visible(m)));
          ledger.ingest('1m', buckets, T0 + now * MINUTE);
          ledger.prune(Number.NEGATIVE_INFINITY, T0 + first * MINUTE);
        };
        const pollHours = () => {
          const buckets: Bucket[] = [];
          for (let h = 0; h < HOURS && h * 60 <= now; h++) {
            let sum = 0;
            for (let m = h * 60; m < (h + 1) * 60; m++) sum += visible(m);
            buckets.push(rowsBucket(T0 + h * HOUR, HOUR, sum));
          }
          ledger.ingest('1h', buckets, T0 + now * MINUTE);
        };
        let last = 0;
        for (const step of steps) {
          now += step.advance;
          const before = tokens(ledger);
          if (step.action === 'minutes') pollMinutes();
          else if (step.action === 'hours') pollHours();
          else ledger = reloaded(ledger);
          expect(tokens(ledger)).toBeGreaterThanOrEqual(before);
          last = tokens(ledger);
        }
        expect(last).toBeLessThanOrEqual(finals.reduce((a, b) => a + b, 0));
        now = minutes + delay + 1;
        pollMinutes();
        pollHours();
        expect(tokens(ledger)).toBe(finals.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('keep one counted value per field instead of the own value and the child sum', () => {
    const ledger = embeddings();
    ledger.ingest('1h', [rowsBucket(T0, HOUR, 10), rowsBucket(T0 + HOUR, HOUR, 5)], T0 + HOUR + 60);
    ledger.ingest('1m', [rowsBucket(T0 + HOUR - 60, MINUTE, 12)], T0 + HOUR + 60);
    const open = ledger.snapshot();
    expect(open.open?.buckets.map(([start]) => start)).toEqual([T0, T0 + HOUR]);
    ledger.prune(Number.NEGATIVE_INFINITY, T0 + HOUR);
    const settled = ledger.snapshot();
    expect(settled.open?.buckets.map(([start]) => start)).toEqual([T0 + HOUR]);
    expect(settled.settled.buckets).toEqual([[T0, [0], [12, 12]]]);
    // An hour answer above what was counted adds the difference, as the pair would have.
    ledger.ingest('1h', [rowsBucket(T0, HOUR, 15)], T0 + 2 * HOUR);
    expect(tokens(ledger)).toBe(15 + 5);
    const outcome = ledger.ingest('1h', [rowsBucket(T0, HOUR, 14)], T0 + 2 * HOUR);
    expect(outcome.downwardRevisions).toBe(1);
    expect(tokens(ledger)).toBe(20);
  });

  it('go straight to the settled values when an hour answer reaches back past the minute window', () => {
    const ledger = embeddings();
    ledger.ingest('1m', [rowsBucket(T0 + 5 * HOUR, MINUTE, 1)], T0 + 5 * HOUR + 60);
    ledger.prune(Number.NEGATIVE_INFINITY, T0 + 5 * HOUR);
    ledger.ingest('1h', [rowsBucket(T0, HOUR, 7), rowsBucket(T0 + 5 * HOUR, HOUR, 3)], T0 + 5 * HOUR + 60);
    const snapshot = ledger.snapshot();
    expect(snapshot.settled.buckets.map(([start]) => start)).toEqual([T0]);
    expect(snapshot.open?.buckets.map(([start]) => start)).toEqual([T0 + 5 * HOUR]);
    expect(tokens(ledger)).toBe(7 + 3);
  });
});

describe('a state file written before the columnar encoding', () => {
  // One label set; hour T0 is past the minute window (floor T0 + 1h), hour T0 + 1h still open.
  const legacy: LegacyLedgerSnapshot = {
    category: 'embeddings',
    labelNames: ['project_id', 'model'],
    fields: CATEGORIES.embeddings.fields.map((field) => field.field),
    series: {
      labelSets: [['p', 'm']],
      exported: [0],
      exportedLabels: [['p', 'm']],
      folded: 0,
    },
    totals: [30, 3],
    fieldSeen: [1, 1],
    gauges: [],
    countedSince: T0,
    newestBucketEnd: T0 + HOUR + 120,
    coarse: {
      floor: null,
      buckets: [
        [T0, [[0, 20, 2, 18, 1]]],
        [T0 + HOUR, [[0, 0, 0, 10, 1]]],
      ],
    },
    fine: { floor: T0 + HOUR, buckets: [[T0 + HOUR, [[0, 10, 1]]]] },
  };

  it('restores the counters and continues counting exactly', () => {
    const ledger = CategoryLedger.restore(embeddings().layout, legacy);
    expect(Array.from(ledger.totals.subarray(0, 2))).toEqual([30, 3]);
    // The settled hour counts max(20, 18) = 20: an answer of 25 adds 5.
    ledger.ingest('1h', [rowsBucket(T0, HOUR, 25)], T0 + 2 * HOUR);
    expect(tokens(ledger)).toBe(35);
    // The open hour still sums its minutes: the minute grows from 10 to 16.
    ledger.ingest('1m', [rowsBucket(T0 + HOUR, MINUTE, 16)], T0 + 2 * HOUR);
    expect(tokens(ledger)).toBe(41);
    expect(ledger.snapshot().encoding).toBe('columnar');
  });

  it('refuses a legacy row that names a label set the file does not have', () => {
    const broken = { ...legacy, coarse: { floor: null, buckets: [[T0, [[3, 1, 1, 1, 1]]]] } } as const;
    expect(() => CategoryLedger.restore(embeddings().layout, broken)).toThrow(/unknown label set/);
  });
});
