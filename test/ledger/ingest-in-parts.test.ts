import { describe, expect, it } from 'vitest';
import { type BucketWidth, CATEGORIES, type CategoryId } from '../../src/catalog/categories.js';
import type { Bucket, BucketPart, BucketRow } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import type { IngestOutcome } from '../../src/ledger/ingest-outcome.js';

const HOUR = 3600;
const H0 = 1_790_000_000 - (1_790_000_000 % HOUR);
const MAX_SERIES = 100;

interface Poll {
  readonly width: BucketWidth;
  readonly buckets: readonly Bucket[];
  readonly now: number;
}

function row(category: CategoryId, project: string, value: number): BucketRow {
  return { labels: [project], values: CATEGORIES[category].fields.map((_, i) => value + i) };
}

function bucket(category: CategoryId, start: number, seconds: number, rows: [string, number][]): Bucket {
  return { startTime: start, endTime: start + seconds, rows: rows.map(([p, v]) => row(category, p, v)) };
}

/**
 * Every way to cut an answer into runs of rows: each gap between two rows of a bucket is cut or
 * not, chosen by the bits of `cuts`.
 */
function partsOf(buckets: readonly Bucket[], cuts: number): BucketPart[] {
  const parts: BucketPart[] = [];
  let bit = 0;
  for (const whole of buckets) {
    let run: BucketRow[] = [];
    let first = true;
    whole.rows.forEach((r, i) => {
      run.push(r);
      const last = i === whole.rows.length - 1;
      if (last || (cuts >> bit++) & 1) {
        parts.push({ startTime: whole.startTime, endTime: whole.endTime, rows: run, first });
        first = false;
        run = [];
      }
    });
    if (whole.rows.length === 0) parts.push({ ...whole, first: true });
  }
  return parts;
}

function gaps(buckets: readonly Bucket[]): number {
  return buckets.reduce((sum, b) => sum + Math.max(0, b.rows.length - 1), 0);
}

function state(ledger: CategoryLedger) {
  const exported = ledger.series.exportedCount;
  return {
    totals: [...ledger.totals.subarray(0, exported * ledger.fieldCount)],
    gauges: [...ledger.gauges].sort(([a], [b]) => a - b).map(([k, v]) => [k, [...v]]),
    countedSince: ledger.countedSince,
    newestBucketEnd: ledger.newestBucketEnd,
  };
}

function wholeIngest(category: CategoryId, polls: readonly Poll[], fineFailing = false) {
  const ledger = new CategoryLedger(categoryLayout(category, ['project_id'], MAX_SERIES));
  const outcomes = polls.map((poll) => ledger.ingest(poll.width, poll.buckets, poll.now, { fineFailing }));
  return { state: state(ledger), outcomes };
}

/** The polls ingested in parts; `split(i)` chooses the cuts of poll i, `again` reads a prefix twice. */
function partIngest(
  category: CategoryId,
  polls: readonly Poll[],
  split: (i: number) => number,
  again = 0,
  fineFailing = false,
) {
  const ledger = new CategoryLedger(categoryLayout(category, ['project_id'], MAX_SERIES));
  const outcomes: IngestOutcome[] = polls.map((poll, i) => {
    const run = ledger.beginIngest(poll.width, poll.now, { fineFailing });
    const parts = partsOf(poll.buckets, split(i));
    // A page read again after a failed attempt: its first parts come twice.
    for (const part of parts.slice(0, again)) run.add([part]);
    for (const part of parts) run.add([part]);
    return run.finish();
  });
  return { state: state(ledger), outcomes };
}

const completionsPolls: Poll[] = [
  {
    width: '1h',
    now: H0 + HOUR + 600,
    buckets: [
      bucket('completions', H0, HOUR, [
        ['a', 10],
        ['b', 20],
        ['c', 5],
      ]),
      bucket('completions', H0 + HOUR, 600, [
        ['a', 1],
        ['b', 2],
      ]),
    ],
  },
  {
    width: '1m',
    now: H0 + HOUR + 660,
    buckets: [
      bucket('completions', H0 + HOUR, 60, [
        ['a', 2],
        ['c', 4],
      ]),
      bucket('completions', H0 + HOUR + 60, 60, []),
      bucket('completions', H0 + HOUR + 120, 60, [
        ['b', 3],
        ['a', 1],
        ['d', 7],
      ]),
    ],
  },
  {
    width: '1h',
    now: H0 + HOUR + 900,
    buckets: [
      bucket('completions', H0, HOUR, [
        ['a', 12],
        ['b', 19],
        ['c', 5],
      ]),
      bucket('completions', H0 + HOUR, 900, [
        ['a', 4],
        ['b', 6],
        ['c', 4],
        ['d', 6],
      ]),
    ],
  },
];

const storagePolls: Poll[] = [
  {
    width: '1h',
    now: H0 + HOUR + 600,
    buckets: [
      bucket('vector_stores', H0, HOUR, [
        ['a', 100],
        ['b', 200],
      ]),
      bucket('vector_stores', H0 + HOUR, 600, [
        ['a', 110],
        ['b', 210],
        ['c', 5],
      ]),
    ],
  },
  {
    width: '1m',
    now: H0 + HOUR + 660,
    buckets: [
      bucket('vector_stores', H0 + HOUR, 60, [
        ['a', 111],
        ['b', 211],
      ]),
      bucket('vector_stores', H0 + HOUR + 60, 60, [
        ['a', 112],
        ['c', 6],
        ['d', 1],
      ]),
      bucket('vector_stores', H0 + HOUR + 120, 60, []),
    ],
  },
  {
    width: '1h',
    now: H0 + HOUR + 900,
    buckets: [
      bucket('vector_stores', H0 + HOUR, 900, [
        ['a', 120],
        ['e', 3],
      ]),
    ],
  },
];

describe('an answer ingested in parts', () => {
  for (const [category, polls] of [
    ['completions', completionsPolls],
    ['vector_stores', storagePolls],
  ] as const) {
    for (const fineFailing of [false, true]) {
      it(`counts exactly what the whole answer counts, however ${category}'s hours and minutes are cut${fineFailing ? ' (minutes failing)' : ''}`, () => {
        const expected = wholeIngest(category, polls, fineFailing);
        const combos = polls.map((poll) => 1 << gaps(poll.buckets));
        for (let a = 0; a < (combos[0] as number); a++) {
          for (let b = 0; b < (combos[1] as number); b++) {
            for (let c = 0; c < (combos[2] as number); c++) {
              const cuts = [a, b, c];
              const actual = partIngest(category, polls, (i) => cuts[i] as number, 0, fineFailing);
              expect(actual.state, `cuts ${cuts}`).toEqual(expected.state);
              expect(actual.outcomes, `cuts ${cuts}`).toEqual(expected.outcomes);
            }
          }
        }
      });
    }

    it(`counts ${category}'s parts read twice (a page read again) once, gauges included`, () => {
      const expected = wholeIngest(category, polls);
      for (let again = 1; again <= 4; again++) {
        const actual = partIngest(category, polls, () => 0b1111111, again);
        expect(actual.state, `again ${again}`).toEqual(expected.state);
      }
    });
  }

  it('sets the gauges only when the answer is finished', () => {
    const ledger = new CategoryLedger(categoryLayout('vector_stores', ['project_id'], MAX_SERIES));
    const run = ledger.beginIngest('1m', H0 + 120, {});
    run.add(partsOf([bucket('vector_stores', H0, 60, [['a', 5]])], 0));
    expect(ledger.gauges.size).toBe(0);
    run.finish();
    expect([...ledger.gauges.values()].map((v) => v[0])).toEqual([5]);
  });

  it('refuses a bad bucket mid-answer without counting it, keeping the parts before it', () => {
    const ledger = new CategoryLedger(categoryLayout('completions', ['project_id'], MAX_SERIES));
    const before = ledger.revision;
    const run = ledger.beginIngest('1h', H0 + 2 * HOUR, {});
    run.add([{ ...bucket('completions', H0, HOUR, [['a', 10]]), first: true }]);
    const unaligned = { ...bucket('completions', H0 + HOUR + 60, HOUR, [['a', 99]]), first: true };
    expect(() => run.add([unaligned])).toThrow('is not aligned to 1h');
    expect(ledger.totals[0]).toBe(10);
    expect(ledger.coarseStarts()).toEqual([H0]);
    // A render between parts, or after the poll failed, sees what was counted.
    expect(ledger.revision).toBeGreaterThan(before);
  });
});
