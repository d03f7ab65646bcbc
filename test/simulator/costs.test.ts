import { describe, expect, it } from 'vitest';
import { DAY, type Harness, HOUR, startHarness, TODAY } from './helpers.js';

type CostResult = { amount: { value: number | string }; line_item: string | null; quantity: number | null };

async function costResults(
  h: Harness,
  params: Record<string, string | number | string[]>,
): Promise<CostResult[]> {
  const page = await h.page('costs', params);
  return page.data.flatMap((b) => b.results) as unknown as CostResult[];
}

async function withHarness<T>(
  options: Parameters<typeof startHarness>[0],
  run: (h: Harness) => Promise<T>,
): Promise<T> {
  const h = await startHarness(options);
  try {
    return await run(h);
  } finally {
    await h.close();
  }
}

describe('costs amounts', () => {
  const params = { start_time: TODAY - 3 * DAY, group_by: ['project_id', 'line_item'] };

  it('are numeric strings when stringAmountRatio is 1 that parse back to the identical double', async () => {
    const numbers = await withHarness({ stringAmountRatio: 0 }, (h) => costResults(h, params));
    const strings = await withHarness({ stringAmountRatio: 1 }, (h) => costResults(h, params));
    expect(strings).toHaveLength(numbers.length);
    numbers.forEach((n, i) => {
      const s = strings[i]?.amount.value;
      expect(typeof n.amount.value).toBe('number');
      expect(typeof s).toBe('string');
      expect(s).toMatch(/^\d+\.\d{2,}$/);
      expect(Object.is(Number(s), n.amount.value)).toBe(true);
    });
    expect(strings.some((r) => /^\d+\.\d{28}$/.test(String(r.amount.value)))).toBe(true);
  });

  it('are a mix of numbers and strings by default', async () => {
    const results = await withHarness({}, (h) => costResults(h, params));
    const strings = results.filter((r) => typeof r.amount.value === 'string').length;
    expect(strings / results.length).toBeGreaterThan(0.15);
    expect(strings / results.length).toBeLessThan(0.35);
  });

  it('carry float noise, like the live API, rather than rounded cents', async () => {
    const results = await withHarness({ stringAmountRatio: 0 }, (h) => costResults(h, params));
    expect(results.some((r) => String(r.amount.value).replace(/^\d+\./, '').length > 6)).toBe(true);
  });
});

describe('costs derived from usage', () => {
  it("charge each model's output tokens as the output line items of that model, with quantities in tokens", async () => {
    await withHarness({}, async (h) => {
      const day = TODAY - 2 * DAY;
      const lines = await costResults(h, { start_time: day, end_time: day + DAY, group_by: ['line_item'] });
      const usage = h.sim.truth.finalTotals({
        category: 'completions',
        startTime: day,
        endTime: day + DAY,
        groupBy: ['model'],
      });
      for (const row of usage) {
        const model = String(row.labels.model);
        const quantity = (suffix: RegExp) =>
          lines
            .filter(
              (l) =>
                l.line_item?.startsWith(`${model}, `) && suffix.test(l.line_item.slice(model.length + 2)),
            )
            .reduce((sum, l) => sum + (l.quantity ?? 0), 0);
        expect(quantity(/^((batch|flex|priority) )?output$/)).toBe(
          (row.values.output_text_tokens ?? 0) + (row.values.output_image_tokens ?? 0),
        );
        expect(quantity(/^((batch|flex|priority) )?audio output$/)).toBe(row.values.output_audio_tokens);
        expect(quantity(/^((batch|flex|priority) )?cached input$/)).toBe(
          (row.values.input_cached_text_tokens ?? 0) + (row.values.input_cached_image_tokens ?? 0),
        );
      }
    });
  });

  it("grow today's bucket as the day goes on, never shrinking", async () => {
    await withHarness({ stringAmountRatio: 0 }, async (h) => {
      let previous = new Map<string, number>();
      for (let at = TODAY + HOUR; at <= TODAY + 20 * HOUR; at += 3 * HOUR) {
        h.clock.setSeconds(at);
        const page = await h.page('costs', { start_time: TODAY, group_by: ['project_id'] });
        expect(page.data).toHaveLength(1);
        expect(page.data[0]?.end_time).toBe(TODAY + DAY);
        const current = new Map(
          page.data[0]?.results.map((r) => [String(r.project_id), (r.amount as { value: number }).value]),
        );
        for (const [project, amount] of previous) expect(current.get(project)).toBeGreaterThanOrEqual(amount);
        previous = current;
      }
      const total = [...previous.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(0);
    });
  });
});

describe('credits (SimulatorOptions.credits)', () => {
  const params = { start_time: TODAY - 3 * DAY, group_by: ['project_id', 'line_item'] };
  const isCredit = (r: CostResult) => r.line_item === 'Promotional credit';

  it('are absent by default', async () => {
    const results = await withHarness({}, (h) => costResults(h, params));
    expect(results.some(isCredit)).toBe(false);
  });

  it('are rows with negative amounts, and the ground truth counts them as credits', async () => {
    await withHarness({ credits: true, finalizationDelaySeconds: 0 }, async (h) => {
      const results = await costResults(h, { ...params, start_time: TODAY - DAY, end_time: TODAY });
      const credits = results.filter(isCredit);
      expect(credits.length).toBeGreaterThan(0);
      expect(credits.every((r) => Number(r.amount.value) < 0)).toBe(true);
      const truth = h.sim.truth.finalTotals({
        category: 'costs',
        startTime: TODAY - DAY,
        endTime: TODAY,
        groupBy: ['project_id', 'line_item'],
      });
      const truthCredits = truth.filter((row) => row.labels.line_item === 'Promotional credit');
      expect(truthCredits.map((row) => [row.values.amount, row.values.credits])).toEqual(
        credits.map((r) => [0, -Number(r.amount.value)]),
      );
      expect(
        truth
          .filter((row) => row.labels.line_item !== 'Promotional credit')
          .every((row) => row.values.credits === 0),
      ).toBe(true);
    });
  });
});
