import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthRow } from '../../simulator/index.js';
import { CATEGORIES, type Dimension, USAGE_CATEGORY_IDS } from '../../src/catalog/categories.js';
import { DAY, errorBody, type Harness, HOUR, query, startHarness, TODAY } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const labelKey = (labels: Record<string, unknown>, dims: readonly Dimension[]) =>
  JSON.stringify(dims.map((d) => (typeof labels[d] === 'boolean' ? String(labels[d]) : (labels[d] ?? null))));

function truthMap(rows: TruthRow[], dims: readonly Dimension[]) {
  return new Map(rows.map((r) => [labelKey(r.labels, dims), r.values]));
}

describe('the ground truth', () => {
  it('matches fully finalized buckets of every usage endpoint, for several groupings', async () => {
    const start = TODAY - 3 * DAY;
    for (const id of USAGE_CATEGORY_IDS) {
      const spec = CATEGORIES[id];
      for (const groupBy of [[], spec.dimensions, spec.dimensions.slice(0, 1)]) {
        const page = await h.page(id, { start_time: start, end_time: start + DAY, group_by: groupBy });
        const served = page.data[0]?.results ?? [];
        const truth = truthMap(
          h.sim.truth.finalTotals({ category: id, startTime: start, endTime: start + DAY, groupBy }),
          groupBy,
        );
        expect(served.length).toBe(truth.size);
        for (const r of served) {
          const values = truth.get(labelKey(r, groupBy));
          expect(values, `${id} ${JSON.stringify(groupBy)}`).toBeDefined();
          for (const field of spec.fields) expect(r[field.field]).toBe(values?.[field.field]);
        }
      }
    }
  });

  it('totals an unaligned range from the minutes starting inside it', () => {
    const start = TODAY - 2 * DAY + 4321;
    const end = TODAY - DAY + 777;
    const whole = h.sim.truth.finalTotals({
      category: 'embeddings',
      startTime: start,
      endTime: end,
      groupBy: [],
    });
    const parts = [
      [start, TODAY - DAY - 1000],
      [TODAY - DAY - 1000, end],
    ].map(([s, e]) =>
      h.sim.truth.finalTotals({ category: 'embeddings', startTime: s ?? 0, endTime: e ?? 0, groupBy: [] }),
    );
    const sum = (rows: TruthRow[][], f: string) => rows.reduce((acc, r) => acc + (r[0]?.values[f] ?? 0), 0);
    expect(whole[0]?.values.input_tokens).toBe(sum(parts, 'input_tokens'));
    expect(whole[0]?.values.num_model_requests).toBe(sum(parts, 'num_model_requests'));
  });

  it('gives vector stores the final level of the last minute of the range', async () => {
    const end = TODAY - 5 * HOUR;
    const [range] = h.sim.truth.finalTotals({
      category: 'vector_stores',
      startTime: end - DAY,
      endTime: end,
      groupBy: [],
    });
    const [last] = h.sim.truth.finalTotals({
      category: 'vector_stores',
      startTime: end - 60,
      endTime: end,
      groupBy: [],
    });
    expect(range?.values.usage_bytes).toBe(last?.values.usage_bytes);
    const page = await h.page('vector_stores', { start_time: end - 60, end_time: end, bucket_width: '1m' });
    expect(page.data[0]?.results[0]?.usage_bytes).toBe(last?.values.usage_bytes);
  });

  it('matches a finalized costs day bit for bit, for every grouping, whether the value is a number or a string', async () => {
    const q = await startHarness({ stringAmountRatio: 0.5 });
    try {
      const day = TODAY - 2 * DAY;
      const groupings: Dimension[][] = [
        [],
        ['project_id'],
        ['line_item'],
        ['project_id', 'line_item', 'api_key_id'],
        ['api_key_id'],
      ];
      let strings = 0;
      for (const groupBy of groupings) {
        const page = await q.page('costs', { start_time: day, end_time: day + DAY, group_by: groupBy });
        const truth = truthMap(
          q.sim.truth.finalTotals({ category: 'costs', startTime: day, endTime: day + DAY, groupBy }),
          groupBy,
        );
        const served = page.data[0]?.results ?? [];
        expect(served.length).toBe(truth.size);
        for (const r of served) {
          const value = (r.amount as { value: number | string }).value;
          if (typeof value === 'string') strings += 1;
          const parsed = typeof value === 'string' ? Number(value) : value;
          expect(Object.is(parsed, truth.get(labelKey(r, groupBy))?.amount)).toBe(true);
        }
      }
      expect(strings).toBeGreaterThan(0);
    } finally {
      await q.close();
    }
  });

  it('sums costs day by day over longer ranges', () => {
    const groupBy: Dimension[] = ['project_id'];
    const days = [0, 1, 2].map((i) =>
      truthMap(
        h.sim.truth.finalTotals({
          category: 'costs',
          startTime: TODAY - (3 - i) * DAY,
          endTime: TODAY - (2 - i) * DAY,
          groupBy,
        }),
        groupBy,
      ),
    );
    const range = truthMap(
      h.sim.truth.finalTotals({ category: 'costs', startTime: TODAY - 3 * DAY, endTime: TODAY, groupBy }),
      groupBy,
    );
    for (const [labels, values] of range) {
      let expected = 0;
      for (const day of days) expected += day.get(labels)?.amount ?? 0;
      expect(values.amount).toBe(expected);
    }
  });

  it('is served over HTTP at /__truth with the same rows', async () => {
    const params = {
      category: 'completions',
      start_time: TODAY - DAY,
      end_time: TODAY,
      group_by: 'project_id,batch',
    };
    const res = await fetch(`${h.running.baseUrl.replace(/\/v1$/, '')}/__truth?${query(params)}`);
    expect(res.status).toBe(200);
    const rows = (await res.json()) as TruthRow[];
    expect(rows).toEqual(
      h.sim.truth.finalTotals({
        category: 'completions',
        startTime: TODAY - DAY,
        endTime: TODAY,
        groupBy: ['project_id', 'batch'],
      }),
    );
    expect(rows[0]?.labels).toEqual({ project_id: h.sim.organization.projects[0]?.id, batch: 'false' });
  });

  it('rejects bad truth queries with a 400', async () => {
    const root = h.running.baseUrl.replace(/\/v1$/, '');
    for (const qs of [
      'category=nope&start_time=1&end_time=2',
      'category=costs&start_time=10&end_time=5',
      'category=vector_stores&start_time=1&end_time=2&group_by=model',
      'category=costs&end_time=2',
    ]) {
      const res = await fetch(`${root}/__truth?${qs}`);
      expect(res.status).toBe(400);
      expect(Object.keys(await errorBody(res))).toEqual(['message', 'type', 'param', 'code']);
    }
    expect(() =>
      h.sim.truth.finalTotals({ category: 'embeddings', startTime: 5, endTime: 5, groupBy: [] }),
    ).toThrow(/startTime/);
  });
});
