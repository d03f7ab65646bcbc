import { describe, expect, it } from 'vitest';
import { createSimulator, SimulatorOptionsError, type TrafficSpike } from '../../simulator/index.js';
import type { CategoryId } from '../../src/catalog/categories.js';
import { HOUR, NOW_MS, TODAY } from './helpers.js';

// Ten busy minutes of the afternoon, and the ten before and after them.
const SPIKE: TrafficSpike = { fromTime: TODAY + 14 * HOUR, durationSeconds: 600, factor: 10 };
const BEFORE = SPIKE.fromTime - 600;
const AFTER = SPIKE.fromTime + 600;

function total(
  options: Parameters<typeof createSimulator>[0],
  category: CategoryId,
  field: string,
  startTime: number,
  endTime: number,
): number {
  const sim = createSimulator({ now: () => NOW_MS, ...options });
  return sim.truth
    .finalTotals({ category, startTime, endTime, groupBy: [] })
    .reduce((sum, row) => sum + (row.values[field] ?? 0), 0);
}

describe('SimulatorOptions.spike', () => {
  it('multiplies the tokens and requests of its minutes by about its factor', () => {
    for (const field of ['input_tokens', 'output_tokens', 'num_model_requests']) {
      const usual = total({}, 'completions', field, SPIKE.fromTime, AFTER);
      const spiked = total({ spike: SPIKE }, 'completions', field, SPIKE.fromTime, AFTER);
      expect(spiked / usual, field).toBeGreaterThan(8.5);
      expect(spiked / usual, field).toBeLessThan(11.5);
    }
  });

  it('spikes every flow category, and the bill of its minutes with them', () => {
    for (const [category, field] of [
      ['embeddings', 'input_tokens'],
      ['images', 'images'],
      ['costs', 'amount'],
    ] as const) {
      const usual = total({}, category, field, SPIKE.fromTime, AFTER);
      const spiked = total({ spike: SPIKE }, category, field, SPIKE.fromTime, AFTER);
      expect(spiked / usual, category).toBeGreaterThan(5);
    }
  });

  it('leaves the minutes before and after it exactly as they were', () => {
    for (const [start, end] of [
      [BEFORE, SPIKE.fromTime],
      [AFTER, AFTER + 600],
    ] as const) {
      expect(total({ spike: SPIKE }, 'completions', 'input_tokens', start, end)).toBe(
        total({}, 'completions', 'input_tokens', start, end),
      );
      expect(total({ spike: SPIKE }, 'costs', 'amount', start, end)).toBe(
        total({}, 'costs', 'amount', start, end),
      );
    }
  });

  it('changes only the minutes lying entirely inside it', () => {
    const shifted = { ...SPIKE, fromTime: SPIKE.fromTime + 30, durationSeconds: 120 };
    const [first, second, third] = [0, 60, 120].map((offset) => {
      const start = SPIKE.fromTime + offset;
      return (
        total({ spike: shifted }, 'completions', 'input_tokens', start, start + 60) /
        total({}, 'completions', 'input_tokens', start, start + 60)
      );
    });
    expect(first).toBe(1);
    expect(second).toBeGreaterThan(5);
    expect(third).toBe(1);
  });

  it('rejects a spike that is not one', () => {
    for (const spike of [
      { ...SPIKE, factor: 0 },
      { ...SPIKE, factor: Number.NaN },
      { ...SPIKE, durationSeconds: 0 },
      { ...SPIKE, fromTime: 1.5 },
    ]) {
      expect(() => createSimulator({ spike }), JSON.stringify(spike)).toThrow(SimulatorOptionsError);
    }
  });
});
