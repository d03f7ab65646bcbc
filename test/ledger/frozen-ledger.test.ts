import { describe, expect, it } from 'vitest';
import type { CategoryId, Dimension } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { CopyArena } from '../../src/ledger/copy-arena.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const T0 = 1_790_000_000 - (1_790_000_000 % DAY);

function ledgerOf(id: CategoryId, groupBy: readonly Dimension[], limit = 1000): CategoryLedger {
  return new CategoryLedger(categoryLayout(id, groupBy, limit));
}

function bucket(start: number, width: number, rows: Bucket['rows']): Bucket {
  return { startTime: start, endTime: start + width, rows };
}

/** What the writer puts on disk for a ledger: its pieces, concatenated. */
const spelled = (ledger: CategoryLedger) => [...ledger.frozen().pieces()].join('');

describe('a frozen ledger spells exactly JSON.stringify of its snapshot', () => {
  it('for empty ledgers with and without a fine width', () => {
    for (const ledger of [
      ledgerOf('embeddings', ['project_id', 'model']),
      ledgerOf('costs', ['project_id']),
    ]) {
      expect(spelled(ledger)).toBe(JSON.stringify(ledger.snapshot()));
    }
  });

  it('for a usage ledger with fine, open and settled tables', () => {
    const ledger = ledgerOf('embeddings', ['project_id', 'model']);
    const rows = (n: number) => [
      { labels: ['p1', 'text-embedding-3-small'], values: [n, 1] },
      { labels: ['p2', 'text-embedding-3-large'], values: [2 * n, 2] },
    ];
    ledger.ingest('1h', [bucket(T0, HOUR, rows(5)), bucket(T0 + HOUR, HOUR, rows(7))], T0 + 2 * HOUR);
    ledger.ingest(
      '1m',
      [bucket(T0 + HOUR, MINUTE, rows(3)), bucket(T0 + 2 * HOUR, MINUTE, rows(4))],
      T0 + 2 * HOUR + MINUTE,
    );
    ledger.prune(T0, T0 + 2 * HOUR);
    const snapshot = ledger.snapshot();
    expect(snapshot.fine?.buckets.length).toBeGreaterThan(0);
    expect(snapshot.open?.buckets.length).toBeGreaterThan(0);
    expect(snapshot.settled.buckets.length).toBeGreaterThan(0);
    expect(snapshot.settled.floor).toBe(T0);
    expect(spelled(ledger)).toBe(JSON.stringify(snapshot));
  });

  it('for costs with fractional dollars over several days', () => {
    const ledger = ledgerOf('costs', ['project_id', 'line_item']);
    const days = [0, 1, 2].map((d) =>
      bucket(T0 + d * DAY, DAY, [
        { labels: ['p', 'gpt-4o, input'], values: [0.1 + d * 1e-9, 1e21 + d, 0], unit: 'tokens' },
        { labels: ['p', 'gpt-4o, output'], values: [1234567.891 / 3 + d, Number.NaN, 0] },
        { labels: ['q', 'tiny'], values: [5e-7, 3, 0.25], unit: 'gibibyte "hours"' },
      ]),
    );
    ledger.ingest('1d', days, T0 + 3 * DAY);
    ledger.prune(T0 + DAY);
    expect(ledger.snapshot().units?.map(([, unit]) => unit)).toEqual(['tokens', 'gibibyte "hours"']);
    expect(spelled(ledger)).toBe(JSON.stringify(ledger.snapshot()));
  });

  it('for gauges, fields never sent, and label values that need escaping', () => {
    const ledger = ledgerOf('vector_stores', ['project_id']);
    const awkward = [
      'quo"te',
      'back\\slash',
      'new\nline\ttab',
      'ctl\u0001\u001f',
      'sep\u2028\u2029',
      'é😀',
      '',
    ];
    ledger.ingest(
      '1m',
      [
        bucket(
          T0,
          MINUTE,
          awkward.map((label, i) => ({ labels: [label], values: [i * 1.5] })),
        ),
      ],
      T0 + MINUTE,
    );
    const completions = ledgerOf('completions', ['project_id', 'model', 'batch']);
    const values = Array.from({ length: 15 }, (_, i) => (i % 3 === 0 ? Number.NaN : i));
    completions.ingest('1h', [bucket(T0, HOUR, [{ labels: awkward.slice(0, 3), values }])], T0 + HOUR);
    for (const subject of [ledger, completions]) {
      expect(spelled(subject)).toBe(JSON.stringify(subject.snapshot()));
    }
    expect(ledger.snapshot().gauges).toHaveLength(awkward.length);
  });

  it('for label sets folded into __other__ past the series limit', () => {
    const ledger = ledgerOf('embeddings', ['project_id', 'model'], 3);
    const rows = Array.from({ length: 6 }, (_, i) => ({ labels: [`p${i}`, 'm'], values: [i + 1, 1] }));
    ledger.ingest('1h', [bucket(T0, HOUR, rows)], T0 + HOUR);
    expect(ledger.series.folded).toBeGreaterThan(0);
    expect(spelled(ledger)).toBe(JSON.stringify(ledger.snapshot()));
  });

  it('for lists longer than one piece', () => {
    const ledger = ledgerOf('embeddings', ['project_id', 'model'], 10_000);
    const rows = Array.from({ length: 2500 }, (_, i) => ({ labels: [`proj_${i}`, 'm'], values: [i * 7, i] }));
    ledger.ingest('1m', [bucket(T0, MINUTE, rows)], T0 + MINUTE);
    const pieces = [...ledger.frozen().pieces()];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(JSON.stringify(ledger.snapshot()));
  });
});

describe('a frozen ledger', () => {
  it('keeps the instant it was taken while the ledger ingests, settles and prunes', () => {
    const ledger = ledgerOf('embeddings', ['project_id', 'model'], 4);
    const rows = (n: number, sets: number) =>
      Array.from({ length: sets }, (_, i) => ({ labels: [`p${i}`, 'm'], values: [n + i, 1] }));
    ledger.ingest('1h', [bucket(T0, HOUR, rows(10, 2))], T0 + HOUR);
    ledger.ingest('1m', [bucket(T0, MINUTE, rows(3, 2))], T0 + MINUTE);
    const before = JSON.stringify(ledger.snapshot());
    const frozen = ledger.frozen();

    ledger.ingest(
      '1m',
      [bucket(T0, MINUTE, rows(50, 6)), bucket(T0 + MINUTE, MINUTE, rows(1, 6))],
      T0 + HOUR,
    );
    ledger.ingest('1h', [bucket(T0, HOUR, rows(100, 6)), bucket(T0 + HOUR, HOUR, rows(5, 6))], T0 + 2 * HOUR);
    ledger.prune(T0 + HOUR, T0 + 2 * HOUR);
    expect(JSON.stringify(ledger.snapshot())).not.toBe(before);

    expect([...frozen.pieces()].join('')).toBe(before);
  });
});

describe('a frozen ledger copied into a prepared arena', () => {
  it('spells the same text whether the arena holds all of the copy or only part of it', () => {
    const ledger = ledgerOf('embeddings', ['project_id', 'model']);
    const rows = Array.from({ length: 300 }, (_, i) => ({ labels: [`p${i}`, 'm'], values: [i * 3, i] }));
    ledger.ingest('1h', [bucket(T0, HOUR, rows)], T0 + HOUR);
    ledger.ingest('1m', [bucket(T0, MINUTE, rows)], T0 + MINUTE);
    const { floats, ints } = ledger.copySize();
    for (const arena of [new CopyArena(floats, ints), new CopyArena(floats >> 1, ints >> 1)]) {
      expect([...arena.prefault()].length).toBeGreaterThan(0);
      const expected = JSON.stringify(ledger.snapshot());
      const frozen = ledger.frozen(arena);
      const grown = rows.map((row, i) => ({ ...row, values: [1e6 + i + floats, 1] }));
      ledger.ingest('1m', [bucket(T0, MINUTE, grown)], T0 + HOUR);
      expect([...frozen.pieces()].join('')).toBe(expected);
    }
  });
});
