import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, type Dimension, type UsageCategoryId } from '../../src/catalog/categories.js';
import { byLabels, DAY, type Harness, HOUR, NOW, startHarness, TODAY } from './helpers.js';

const DELAY = 480;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ finalizationDelaySeconds: DELAY });
});
afterAll(() => h.close());

const MINUTE = Math.floor(NOW / 60) * 60 - 300;
const ALL: readonly Dimension[] = CATEGORIES.completions.dimensions;

async function minuteResults(at: number, groupBy: readonly Dimension[] = ALL) {
  h.clock.setSeconds(at);
  const page = await h.page('completions', {
    start_time: MINUTE,
    end_time: MINUTE + 60,
    bucket_width: '1m',
    group_by: groupBy,
  });
  return byLabels(page.data[0]?.results ?? [], groupBy);
}

function finalOf(groupBy: readonly Dimension[]) {
  const rows = h.sim.truth.finalTotals({
    category: 'completions',
    startTime: MINUTE,
    endTime: MINUTE + 60,
    groupBy,
  });
  return new Map(
    rows.map((r) => [
      JSON.stringify(groupBy.map((d) => (d === 'batch' ? r.labels[d] === 'true' : r.labels[d]))),
      r.values,
    ]),
  );
}

describe('late revisions of a minute bucket', () => {
  it('never decrease, from the minute in progress until long after it is final', async () => {
    let previous = new Map<string, Record<string, unknown>>();
    for (let at = MINUTE + 1; at <= MINUTE + 60 + DELAY + 120; at += 13) {
      const current = await minuteResults(at);
      for (const [labels, before] of previous) {
        const after = current.get(labels);
        expect(after, `label set ${labels} vanished at ${at}`).toBeDefined();
        for (const field of CATEGORIES.completions.fields) {
          expect(after?.[field.field] as number).toBeGreaterThanOrEqual(before[field.field] as number);
        }
      }
      previous = current;
    }
  });

  it('shows a growing part while the minute is in progress and about 60% at its end', async () => {
    const total = (m: Map<string, Record<string, unknown>>) =>
      [...m.values()].reduce((sum, r) => sum + (r.input_tokens as number), 0);
    const final = [...finalOf([]).values()][0]?.input_tokens ?? 0;
    const early = total(await minuteResults(MINUTE + 10));
    const late = total(await minuteResults(MINUTE + 59));
    expect(early).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(early);
    expect(late / final).toBeGreaterThan(0.5);
    expect(late / final).toBeLessThan(0.6);
  });

  it('become exactly final finalizationDelaySeconds after the minute ends, and not a second earlier', async () => {
    const finals = finalOf(ALL);
    const justBefore = await minuteResults(MINUTE + 60 + DELAY - 1);
    const atDelay = await minuteResults(MINUTE + 60 + DELAY);
    const muchLater = await minuteResults(MINUTE + 60 + DELAY + DAY);
    expect(atDelay.size).toBe(finals.size);
    for (const [labels, values] of finals) {
      const served = atDelay.get(labels);
      for (const [field, value] of Object.entries(values)) expect(served?.[field]).toBe(value);
    }
    expect([...muchLater.entries()]).toEqual([...atDelay.entries()]);
    const before = [...justBefore.values()].reduce((s, r) => s + (r.input_tokens as number), 0);
    const after = [...atDelay.values()].reduce((s, r) => s + (r.input_tokens as number), 0);
    expect(before).toBeLessThan(after);
  });

  it('honours finalizationDelaySeconds: 0 (final as soon as the minute ends)', async () => {
    const q = await startHarness({ finalizationDelaySeconds: 0 });
    try {
      q.clock.setSeconds(MINUTE + 60);
      const page = await q.page('embeddings', {
        start_time: MINUTE,
        end_time: MINUTE + 60,
        bucket_width: '1m',
      });
      const [truth] = q.sim.truth.finalTotals({
        category: 'embeddings',
        startTime: MINUTE,
        endTime: MINUTE + 60,
        groupBy: [],
      });
      expect(page.data[0]?.results[0]?.input_tokens).toBe(truth?.values.input_tokens);
    } finally {
      await q.close();
    }
  });

  it('leave minutes that have not started empty', async () => {
    h.clock.setSeconds(MINUTE - 1);
    const page = await h.page('completions', {
      start_time: MINUTE - 120,
      end_time: MINUTE + 120,
      bucket_width: '1m',
    });
    expect(page.data.map((b) => b.start_time)).toEqual([MINUTE - 120, MINUTE - 60]);
    h.clock.setSeconds(MINUTE);
    const atStart = await h.page('completions', {
      start_time: MINUTE,
      end_time: MINUTE + 60,
      bucket_width: '1m',
    });
    expect(atStart.data).toEqual([]);
  });
});

function sumInto(
  target: Map<string, Record<string, number>>,
  results: Record<string, unknown>[],
  groupBy: readonly Dimension[],
  fields: readonly string[],
) {
  for (const r of results) {
    const key = JSON.stringify(groupBy.map((d) => r[d]));
    const row = target.get(key) ?? Object.fromEntries(fields.map((f) => [f, 0]));
    for (const f of fields) row[f] = (row[f] ?? 0) + (r[f] as number);
    target.set(key, row);
  }
}

describe('width consistency', () => {
  const flowCategories: UsageCategoryId[] = [
    'completions',
    'embeddings',
    'images',
    'audio_transcriptions',
    'code_interpreter_sessions',
  ];

  it('an hour equals the sum of its sixty minutes as visible at the same instant, even while revising', async () => {
    const hourNow = Math.floor(NOW / HOUR) * HOUR;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...flowCategories),
        fc.integer({ min: -2, max: 0 }),
        fc.integer({ min: 0, max: 3600 + DELAY }),
        fc.boolean(),
        async (category, hourOffset, secondsIntoHour, grouped) => {
          const spec = CATEGORIES[category];
          const hour = hourNow + hourOffset * HOUR;
          const at = hour + secondsIntoHour;
          h.clock.setSeconds(Math.min(at, NOW + HOUR));
          const groupBy = grouped ? spec.dimensions : [];
          const fields = spec.fields.map((f) => f.field);
          const minutes = await h.page(category, {
            start_time: hour,
            end_time: hour + HOUR,
            bucket_width: '1m',
            group_by: groupBy,
          });
          const hourly = await h.page(category, {
            start_time: hour,
            end_time: hour + HOUR,
            bucket_width: '1h',
            group_by: groupBy,
          });
          const summed = new Map<string, Record<string, number>>();
          sumInto(
            summed,
            minutes.data.flatMap((b) => b.results),
            groupBy,
            fields,
          );
          const direct = new Map<string, Record<string, number>>();
          sumInto(
            direct,
            hourly.data.flatMap((b) => b.results),
            groupBy,
            fields,
          );
          expect(direct).toEqual(summed);
        },
      ),
      { seed: 20260812, numRuns: 12 },
    );
  });

  it('a day equals the sum of its twenty-four hours, for today and for yesterday just after midnight', async () => {
    for (const at of [NOW, TODAY + 200]) {
      h.clock.setSeconds(at);
      for (const day of [TODAY - DAY, TODAY]) {
        const groupBy: Dimension[] = ['project_id', 'model', 'batch'];
        const fields = CATEGORIES.completions.fields.map((f) => f.field);
        const hours = await h.page('completions', {
          start_time: day,
          end_time: day + DAY,
          bucket_width: '1h',
          group_by: groupBy,
        });
        const days = await h.page('completions', {
          start_time: day,
          end_time: day + DAY,
          bucket_width: '1d',
          group_by: groupBy,
        });
        const summed = new Map<string, Record<string, number>>();
        sumInto(
          summed,
          hours.data.flatMap((b) => b.results),
          groupBy,
          fields,
        );
        const direct = new Map<string, Record<string, number>>();
        sumInto(
          direct,
          days.data.flatMap((b) => b.results),
          groupBy,
          fields,
        );
        expect(direct).toEqual(summed);
      }
    }
  });

  it('a vector store hour shows the highest of its minutes, which is the last minute once final', async () => {
    const hour = Math.floor(NOW / HOUR) * HOUR - HOUR;
    for (const at of [hour + 1800, hour + HOUR + 100, NOW]) {
      h.clock.setSeconds(at);
      const q = { start_time: hour, end_time: hour + HOUR, group_by: ['project_id'] };
      const minutes = await h.page('vector_stores', { ...q, bucket_width: '1m' });
      const hourly = await h.page('vector_stores', { ...q, bucket_width: '1h' });
      const max = new Map<string, number>();
      for (const r of minutes.data.flatMap((b) => b.results)) {
        max.set(String(r.project_id), Math.max(max.get(String(r.project_id)) ?? 0, r.usage_bytes as number));
      }
      const direct = new Map(
        hourly.data[0]?.results.map((r) => [String(r.project_id), r.usage_bytes as number]),
      );
      expect(direct).toEqual(max);
      if (at === NOW) {
        const last = minutes.data[minutes.data.length - 1]?.results;
        expect(new Map(last?.map((r) => [String(r.project_id), r.usage_bytes as number]))).toEqual(direct);
      }
    }
  });
});
