import { describe, expect, it } from 'vitest';
import { CliUsageError, parseSimulateArgs } from '../../simulator/cli.js';
import { createSimulator, SimulatorOptionsError, type TruthRow } from '../../simulator/index.js';
import { ADMIN_KEY, DAY, NOW_MS, TODAY } from './helpers.js';

const MODEL = 'gpt-4o-2024-08-06';
const CHANGE = { model: MODEL, fromTime: TODAY - DAY, factor: 1.5 };

function dayCosts(
  options: Parameters<typeof createSimulator>[0],
  day: number,
): Map<string, TruthRow['values']> {
  const sim = createSimulator({ now: () => NOW_MS, ...options });
  const rows = sim.truth.finalTotals({
    category: 'costs',
    startTime: day,
    endTime: day + DAY,
    groupBy: ['line_item'],
  });
  return new Map(rows.map((row) => [String(row.labels.line_item), row.values]));
}

describe('SimulatorOptions.priceChange', () => {
  it('leaves the days before the change as they were', () => {
    const day = TODAY - 2 * DAY;
    expect(dayCosts({ priceChange: CHANGE }, day)).toEqual(dayCosts({}, day));
  });

  it('multiplies every price of the model from that day on, and nothing else: usage and quantities stay', () => {
    for (const day of [TODAY - DAY, TODAY]) {
      const before = dayCosts({}, day);
      const after = dayCosts({ priceChange: CHANGE }, day);
      expect([...after.keys()]).toEqual([...before.keys()]);
      let changed = 0;
      for (const [lineItem, values] of after) {
        const old = before.get(lineItem);
        expect(values.quantity).toBe(old?.quantity);
        if (lineItem.startsWith(`${MODEL}, `)) {
          changed++;
          expect((values.amount ?? 0) / (old?.amount ?? 1)).toBeCloseTo(1.5, 12);
        } else {
          expect(values.amount).toBe(old?.amount);
        }
      }
      expect(changed).toBeGreaterThanOrEqual(12);
    }
  });

  it('serves the changed amounts, identical to the ground truth', async () => {
    const sim = createSimulator({
      now: () => NOW_MS + 2 * DAY * 1000,
      priceChange: CHANGE,
      stringAmountRatio: 0,
    });
    const running = await sim.listen();
    try {
      const url = `${running.baseUrl}/organization/costs?start_time=${TODAY - DAY}&end_time=${TODAY}&group_by=line_item&limit=1`;
      const res = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const page = (await res.json()) as {
        data: { results: { line_item: string; amount: { value: number } }[] }[];
      };
      const served = new Map(page.data[0]?.results.map((r) => [r.line_item, r.amount.value]));
      const truth = dayCosts({ priceChange: CHANGE }, TODAY - DAY);
      expect(served.get(`${MODEL}, output`)).toBe(truth.get(`${MODEL}, output`)?.amount);
      expect(served.size).toBe(truth.size);
    } finally {
      await running.close();
    }
  });

  it('rejects a change that is not at a UTC midnight, not a positive factor, or of no billed model', () => {
    const bad = [
      { ...CHANGE, fromTime: TODAY + 1 },
      { ...CHANGE, factor: 0 },
      { ...CHANGE, factor: Number.NaN },
      { ...CHANGE, model: 'gpt-3.5-turbo' },
    ];
    for (const priceChange of bad) {
      expect(() => createSimulator({ priceChange })).toThrow(SimulatorOptionsError);
    }
  });
});

describe('simulate --price-change.*', () => {
  it('builds the option from the three flags', () => {
    const args = parseSimulateArgs([
      '--price-change.model',
      MODEL,
      '--price-change.from',
      '2026-08-11',
      '--price-change.factor',
      '0.75',
    ]);
    expect(args.options).toEqual({
      priceChange: { model: MODEL, fromTime: Date.UTC(2026, 7, 11) / 1000, factor: 0.75 },
    });
  });

  it('wants all three, a real date and a positive factor', () => {
    const cases: [string[], string][] = [
      [['--price-change.model', MODEL], '--price-change.from: missing'],
      [
        ['--price-change.model', MODEL, '--price-change.from', '2026-02-30', '--price-change.factor', '2'],
        '--price-change.from',
      ],
      [
        ['--price-change.model', MODEL, '--price-change.from', '2026-02-03', '--price-change.factor', '-2'],
        '--price-change.factor',
      ],
      [
        ['--price-change.model', MODEL, '--price-change.from', '2026-02-03', '--price-change.factor', '0'],
        '--price-change.factor',
      ],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseSimulateArgs(argv)).toThrow(CliUsageError);
      expect(() => parseSimulateArgs(argv)).toThrow(message);
    }
  });
});
