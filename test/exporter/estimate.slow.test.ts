import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js';
import { type ExporterConfig, loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { UsageClient } from '../../src/openai/index.js';
import { type ParsedExposition, parseExposition } from '../support/exposition.js';
import { playPollingSchedule } from '../support/schedule.js';

// The exporter's estimate against the simulator, default grouping: an hour of polling after 06:00,
// when yesterday counts as settled, with an hourly window that reaches back over all of yesterday.
// Prices are learned from the simulator's bill; the estimate of yesterday is within 1% of its bill
// per project, and nothing of the simulator's model set stays unpriced.

const DAY = 86_400;
const START_MS = Date.UTC(2026, 10, 20, 6, 10, 17);
const YESTERDAY = Date.UTC(2026, 10, 19) / 1000;
const END_MS = START_MS + 60 * 60_000;

let simulator: Simulator;
let parsed: ParsedExposition;

/** Plays the hour against a simulator with `options`; the exposition at its end. */
async function playHour(
  options: SimulatorOptions,
): Promise<{ simulator: Simulator; parsed: ParsedExposition }> {
  let now = START_MS;
  const simulated = createSimulator({ seed: 14, now: () => now, finalizationDelaySeconds: 480, ...options });
  const running = await simulated.listen();
  try {
    const base = loadConfig([], {}).config;
    const config: ExporterConfig = { ...base, poll: { ...base.poll, hourlyWindowMs: 36 * 3600_000 } };
    const client = new UsageClient({
      baseUrl: running.baseUrl,
      adminKey: 'sk-admin-estimate',
      sleep: async () => {},
    });
    const exporter = new Exporter({
      config,
      source: client,
      logger: pino({ level: 'silent' }),
      nowMs: () => now,
    });
    await playPollingSchedule(exporter, START_MS, END_MS, (ms) => {
      now = ms;
    });
    return { simulator: simulated, parsed: parseExposition(exporter.cache.plain.toString()) };
  } finally {
    await running.close();
  }
}

beforeAll(async () => {
  ({ simulator, parsed } = await playHour({}));
}, 300_000);

const samples = (name: string) => parsed.samples.filter((s) => s.name === name);

describe('the estimate against the simulator', () => {
  it("is within 1% of yesterday's bill per project and for the organization", () => {
    const billed = simulator.truth.finalTotals({
      category: 'costs',
      startTime: YESTERDAY,
      endTime: YESTERDAY + DAY,
      groupBy: ['project_id'],
    });
    const projects = billed.filter((row) => (row.values.amount ?? 0) > 0).map((row) => row.labels.project_id);
    expect(projects.length).toBeGreaterThan(1);
    const ratios = new Map(samples('openai_cost_estimate_ratio').map((s) => [s.labels.project_id, s.value]));
    expect([...ratios.keys()].sort()).toEqual(['', ...projects].sort());
    for (const [project, ratio] of ratios)
      expect(Math.abs(ratio - 1), `project "${project}"`).toBeLessThan(0.01);
  });

  it('leaves nothing of the simulated usage unpriced, and prices it all from the bill', () => {
    expect(samples('openai_cost_estimated_unpriced_total').filter((s) => s.value > 0)).toEqual([]);
    const prices = samples('openai_price_usd');
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.filter((s) => s.labels.source !== 'billed')).toEqual([]);
  });

  it('counts at least yesterday in the estimated spend counter', () => {
    const total = samples('openai_cost_estimated_usd_total').reduce((sum, s) => sum + s.value, 0);
    const ratio = samples('openai_cost_estimate_ratio').find((s) => s.labels.project_id === '')?.value ?? 0;
    const billed = simulator.truth
      .finalTotals({ category: 'costs', startTime: YESTERDAY, endTime: YESTERDAY + DAY, groupBy: [] })
      .reduce((sum, row) => sum + (row.values.amount ?? 0), 0);
    expect(total).toBeGreaterThanOrEqual(ratio * billed * (1 - 1e-9));
  });
});

describe('the estimate after a price change', () => {
  it("follows the changed price once the changed day's bill is read: within 1% again, per project", async () => {
    // Default grouping: non-batch usage shows no service tier, so each project's usage is priced at
    // its own blend of tiers, learned from its own line items; the organization's blend would be
    // off by what a project's mix differs from it, doubled with the price.
    const changed = await playHour({
      priceChange: { model: 'gpt-4o-2024-08-06', fromTime: YESTERDAY, factor: 2 },
    });
    const ratios = changed.parsed.samples.filter((s) => s.name === 'openai_cost_estimate_ratio');
    expect(ratios.length).toBeGreaterThan(1);
    for (const { labels, value } of ratios) expect(Math.abs(value - 1), labels.project_id).toBeLessThan(0.01);
  }, 300_000);
});
