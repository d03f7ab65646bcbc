import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type CategorySpec, type FieldSpec } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { categoryLayout, type LedgerLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { LedgerRejectedError } from '../../src/ledger/errors.js';
import type { SavedLedger } from '../../src/ledger/ledger-snapshot.js';

// A saved ledger belongs to the *set* of labels and to field names, not to their order or to the
// field list of the release that wrote it: Prometheus sees the same series either way.

const HOUR = 3600;
const T0 = 1_790_000_000 - (1_790_000_000 % 86400);
const [TOKENS, REQUESTS] = CATEGORIES.embeddings.fields as [FieldSpec, FieldSpec];

function layout(labelNames: string[], fields: FieldSpec[] = [TOKENS, REQUESTS]): LedgerLayout {
  const spec: CategorySpec = { ...CATEGORIES.embeddings, fields };
  return { spec, labelNames, coarseWidth: '1h', fineWidth: '1m', seriesLimit: 100 };
}

/** One hour answered hourly and by two of its minutes, plus a minute of the next hour. */
function answers(order: 'pm' | 'mp', values: (tokens: number, requests: number) => number[]) {
  const labels = (p: string, m: string) => (order === 'pm' ? [p, m] : [m, p]);
  const minute = (start: number, rows: [string, string, number, number][]): Bucket => ({
    startTime: start,
    endTime: start + 60,
    rows: rows.map(([p, m, t, r]) => ({ labels: labels(p, m), values: values(t, r) })),
  });
  return {
    hours: [
      {
        startTime: T0,
        endTime: T0 + HOUR,
        rows: [
          { labels: labels('p1', 'ada'), values: values(500, 5) },
          { labels: labels('p2', 'ada'), values: values(70, 1) },
        ],
      },
    ],
    minutes: [
      minute(T0, [['p1', 'ada', 200, 2]]),
      minute(T0 + 60, [['p1', 'ada', 250, 2]]),
      minute(T0 + HOUR, [
        ['p1', 'ada', 40, 1],
        ['p2', 'ada', 9, 1],
      ]),
    ],
  };
}

function fed(ledger: CategoryLedger, order: 'pm' | 'mp', values = (t: number, r: number) => [t, r]) {
  const { hours, minutes } = answers(order, values);
  ledger.ingest('1h', hours, T0 + 2 * HOUR);
  ledger.ingest('1m', minutes, T0 + 2 * HOUR);
  return ledger;
}

function totalOf(ledger: CategoryLedger, labels: readonly string[], field: string): number {
  const f = ledger.layout.spec.fields.findIndex((spec) => spec.field === field);
  for (let i = 0; i < ledger.series.exportedCount; i++) {
    if (ledger.series.exportedLabels(i).join('|') === labels.join('|')) {
      return ledger.totals[i * ledger.fieldCount + f] ?? 0;
    }
  }
  return 0;
}

function roundTrip(snapshot: unknown): SavedLedger {
  return JSON.parse(JSON.stringify(snapshot)) as SavedLedger;
}

describe('restoring a ledger saved under an equivalent layout', () => {
  it('permutes the saved label sets when group_by was only reordered, so nothing is counted again', () => {
    const saved = fed(new CategoryLedger(layout(['project_id', 'model'])), 'pm');
    const before = totalOf(saved, ['p1', 'ada'], 'input_tokens');
    const restored = CategoryLedger.restore(layout(['model', 'project_id']), roundTrip(saved.snapshot()));
    expect(totalOf(restored, ['ada', 'p1'], 'input_tokens')).toBe(before);
    expect(totalOf(restored, ['ada', 'p2'], 'input_tokens')).toBe(79);
    fed(restored, 'mp');
    expect(totalOf(restored, ['ada', 'p1'], 'input_tokens')).toBe(before);
    expect(totalOf(restored, ['ada', 'p2'], 'num_model_requests')).toBe(2);
    restored.ingest('1m', [answers('mp', (t, r) => [t + 5, r]).minutes[2] as Bucket], T0 + 2 * HOUR);
    expect(totalOf(restored, ['ada', 'p1'], 'input_tokens')).toBe(before + 5);
  });

  it('permutes a ledger of the first encoding too (fixture from the previous release)', () => {
    const file = JSON.parse(
      readFileSync(new URL('../fixtures/state/v1-first-encoding.state.json', import.meta.url), 'utf8'),
    );
    const snapshot = file.categories.completions.ledger as SavedLedger;
    const straight = CategoryLedger.restore(
      categoryLayout('completions', ['project_id', 'model', 'batch'], 100),
      roundTrip(snapshot),
    );
    const turned = CategoryLedger.restore(
      categoryLayout('completions', ['batch', 'project_id', 'model'], 100),
      roundTrip(snapshot),
    );
    for (const field of ['input_tokens', 'output_tokens', 'num_model_requests']) {
      expect(totalOf(turned, ['false', 'proj_a', 'gpt-4o-2024-08-06'], field)).toBe(
        totalOf(straight, ['proj_a', 'gpt-4o-2024-08-06', 'false'], field),
      );
    }
    expect(turned.coarseStarts()).toEqual(straight.coarseStarts());
  });

  it('starts a field the saving release did not know as not yet seen, keeping the others', () => {
    const older = fed(new CategoryLedger(layout(['project_id', 'model'], [TOKENS])), 'pm', (t) => [t]);
    const restored = CategoryLedger.restore(layout(['project_id', 'model']), roundTrip(older.snapshot()));
    expect(totalOf(restored, ['p1', 'ada'], 'input_tokens')).toBe(
      totalOf(older, ['p1', 'ada'], 'input_tokens'),
    );
    expect(totalOf(restored, ['p1', 'ada'], 'num_model_requests')).toBe(0);
    expect(Array.from(restored.fieldSeen)).toEqual([1, 0]);
    fed(restored, 'pm');
    expect(totalOf(restored, ['p1', 'ada'], 'input_tokens')).toBe(
      totalOf(older, ['p1', 'ada'], 'input_tokens'),
    );
    expect(totalOf(restored, ['p1', 'ada'], 'num_model_requests')).toBe(6);
    expect(Array.from(restored.fieldSeen)).toEqual([1, 1]);
  });

  it('drops a saved field the current catalog no longer has', () => {
    const retired: FieldSpec = { ...TOKENS, field: 'retired_tokens', metric: 'openai_retired_total' };
    const older = fed(
      new CategoryLedger(layout(['project_id', 'model'], [TOKENS, retired, REQUESTS])),
      'pm',
      (t, r) => [t, 3 * t, r],
    );
    const restored = CategoryLedger.restore(layout(['project_id', 'model']), roundTrip(older.snapshot()));
    expect(totalOf(restored, ['p1', 'ada'], 'input_tokens')).toBe(
      totalOf(older, ['p1', 'ada'], 'input_tokens'),
    );
    expect(totalOf(restored, ['p1', 'ada'], 'num_model_requests')).toBe(
      totalOf(older, ['p1', 'ada'], 'num_model_requests'),
    );
    fed(restored, 'pm');
    expect(totalOf(restored, ['p1', 'ada'], 'num_model_requests')).toBe(
      totalOf(older, ['p1', 'ada'], 'num_model_requests'),
    );
  });

  it('still refuses a ledger grouped by another set of labels', () => {
    const saved = fed(new CategoryLedger(layout(['project_id', 'model'])), 'pm');
    expect(() => CategoryLedger.restore(layout(['project_id']), roundTrip(saved.snapshot()))).toThrow(
      LedgerRejectedError,
    );
  });
});

describe.each(['v1-first-encoding.state.json', 'v1-columnar.state.json'])(
  'field lists of an earlier release (%s)',
  (name) => {
    const file = JSON.parse(readFileSync(new URL(`../fixtures/state/${name}`, import.meta.url), 'utf8'));
    const saved = () => roundTrip(file.categories.completions.ledger);
    const spec = CATEGORIES.completions;
    const withFields = (fields: FieldSpec[]): LedgerLayout => ({
      ...categoryLayout('completions', ['project_id', 'model', 'batch'], 100),
      spec: { ...spec, fields },
    });
    const labels = ['proj_a', 'gpt-4o-2024-08-06', 'false'];

    it('keeps every known field when the catalog gained one in the middle', () => {
      const added: FieldSpec = { ...(spec.fields[0] as FieldSpec), field: 'input_future_tokens' };
      const fields = [...spec.fields.slice(0, 2), added, ...spec.fields.slice(2)];
      const ledger = CategoryLedger.restore(withFields(fields), saved());
      expect(totalOf(ledger, labels, 'input_tokens')).toBe(4340);
      expect(totalOf(ledger, labels, 'input_cached_tokens')).toBe(204);
      expect(totalOf(ledger, labels, 'num_model_requests')).toBe(47);
      expect(totalOf(ledger, labels, 'input_future_tokens')).toBe(0);
      expect(ledger.fieldSeen[2]).toBe(0);
      // The newest minute of the fixture, answered again: already counted, so nothing is added.
      const now = 1_790_141_400;
      const values = fields.map(() => Number.NaN);
      Object.assign(values, { 0: 94, 1: 86, 3: 1, [fields.length - 1]: 1 });
      const outcome = ledger.ingest(
        '1m',
        [{ startTime: now - 360, endTime: now - 300, rows: [{ labels, values }] }],
        now,
      );
      expect(outcome.changed).toBe(false);
      expect(totalOf(ledger, labels, 'input_tokens')).toBe(4340);
      expect(totalOf(ledger, labels, 'output_tokens')).toBe(1175);
      expect(ledger.coarseStarts()).toEqual(
        CategoryLedger.restore(withFields([...spec.fields]), saved()).coarseStarts(),
      );
    });

    it('keeps every remaining field when the catalog dropped one', () => {
      const fields = spec.fields.filter((field) => field.field !== 'input_cached_tokens');
      const ledger = CategoryLedger.restore(withFields(fields), saved());
      expect(totalOf(ledger, labels, 'input_tokens')).toBe(4340);
      expect(totalOf(ledger, labels, 'output_tokens')).toBe(1175);
      expect(totalOf(ledger, labels, 'num_model_requests')).toBe(47);
    });
  },
);
