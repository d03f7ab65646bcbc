import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
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

let now = START_MS;
let simulator: Simulator;
let upstream: RunningSimulator;
let parsed: ParsedExposition;

beforeAll(async () => {
  simulator = createSimulator({ seed: 14, now: () => now, finalizationDelaySeconds: 480 });
  upstream = await simulator.listen();
  const base = loadConfig([], {}).config;
  const config: ExporterConfig = { ...base, poll: { ...base.poll, hourlyWindowMs: 36 * 3600_000 } };
  const client = new UsageClient({
    baseUrl: upstream.baseUrl,
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
  parsed = parseExposition(exporter.cache.plain.toString());
}, 300_000);

afterAll(async () => {
  await upstream?.close();
});

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
