import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { CATEGORIES, type CategoryId, type Dimension } from '../../src/catalog/categories.js';
import { type ExporterConfig, loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { OTHER_LABEL_VALUE } from '../../src/ledger/series-index.js';
import { UsageClient } from '../../src/openai/index.js';
import { type ParsedExposition, parseExposition } from '../support/exposition.js';
import { playPollingSchedule } from '../support/schedule.js';

// An organization with far more label sets than the series limit, grouped by every dimension,
// polled on the default schedule shape with an injected clock while buckets keep growing late.
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 17);
const TRAFFIC_END = START_MS / 1000 + 2.5 * 3600;
const END_MS = (TRAFFIC_END + 30 * 60) * 1000;
const MINUTE_MS = 60_000;
const LIMIT = 8;
const GROUPED: Partial<Record<CategoryId, readonly Dimension[]>> = {
  completions: ['project_id', 'user_id', 'api_key_id', 'model', 'batch', 'service_tier'],
  embeddings: ['project_id', 'user_id', 'api_key_id', 'model'],
  costs: ['project_id', 'line_item', 'api_key_id'],
};
const CATEGORIES_UNDER_TEST = Object.keys(GROUPED) as CategoryId[];

let now = START_MS;
let simulator: Simulator;
let upstream: RunningSimulator;
let exporter: Exporter;
let config: ExporterConfig;
let parsed: ParsedExposition;

beforeAll(async () => {
  simulator = createSimulator({
    seed: 23,
    now: () => now,
    finalizationDelaySeconds: 480,
    trafficEndTime: TRAFFIC_END,
    scale: { projects: 5, usersPerProject: 3, apiKeysPerProject: 3, models: 6 },
  });
  upstream = await simulator.listen();
  const base = loadConfig([], {}).config;
  const categories = { ...base.categories };
  for (const id of Object.keys(categories) as CategoryId[]) {
    const groupBy = GROUPED[id];
    categories[id] = { ...categories[id], enabled: groupBy !== undefined, groupBy: groupBy ?? [] };
  }
  config = {
    ...base,
    categories,
    series: { limit: LIMIT },
    poll: { ...base.poll, minuteWindowMs: 30 * MINUTE_MS },
  };
  const client = new UsageClient({
    baseUrl: upstream.baseUrl,
    adminKey: 'sk-admin-guard',
    sleep: async () => {},
  });
  exporter = new Exporter({ config, source: client, logger: pino({ level: 'silent' }), nowMs: () => now });
  await playPollingSchedule(exporter, START_MS, END_MS, (ms) => {
    now = ms;
  });
  parsed = parseExposition(exporter.cache.plain.toString());
}, 120_000);

afterAll(async () => {
  await upstream?.close();
});

const keyOf = (groupBy: readonly Dimension[], labels: Record<string, string | null | undefined>) =>
  groupBy.map((d) => labels[d] ?? '').join('|');

describe('the cardinality guard', () => {
  it.each(CATEGORIES_UNDER_TEST)(
    'folds %s label sets beyond --series.limit into one __other__ series',
    (id) => {
      const ledger = exporter.ledger(id);
      expect(
        exporter.pollers.every((p) => p.widths.every((w) => p.progress[w]?.lastError === undefined)),
      ).toBe(true);
      expect(ledger?.series.folded).toBeGreaterThan(0);
      expect(ledger?.series.exportedCount).toBe(LIMIT);
      for (const field of CATEGORIES[id].fields.filter((f) => f.kind === 'counter')) {
        const samples = parsed.samples.filter((s) => s.name === field.metric);
        if (samples.length === 0) continue;
        expect(samples.length).toBeLessThanOrEqual(LIMIT);
        expect(samples.filter((s) => s.labels.project_id === OTHER_LABEL_VALUE)).toHaveLength(1);
      }
    },
  );

  it.each(CATEGORIES_UNDER_TEST)(
    'keeps %s counters exact: each kept label set, __other__ and the sum',
    (id) => {
      const groupBy = GROUPED[id] ?? [];
      const rows = simulator.truth.finalTotals({
        category: id,
        startTime: exporter.ledger(id)?.countedSince ?? 0,
        endTime: END_MS / 1000,
        groupBy,
      });
      // Costs are sums of doubles, added up in another order than the simulator's.
      const close = (actual: number, expected: number) =>
        id === 'costs'
          ? Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected))
          : actual === expected;
      let checked = 0;
      let foldedTotal = 0;
      let keptTotal = 0;
      for (const field of CATEGORIES[id].fields.filter((f) => f.kind === 'counter')) {
        const truth = new Map<string, number>();
        for (const row of rows) {
          const key = keyOf(groupBy, row.labels);
          truth.set(key, (truth.get(key) ?? 0) + (row.values[field.field] ?? 0));
        }
        const samples = parsed.samples.filter((s) => s.name === field.metric);
        if (samples.length === 0) continue;
        let kept = 0;
        let other = Number.NaN;
        for (const sample of samples) {
          if (sample.labels.project_id === OTHER_LABEL_VALUE) {
            other = sample.value;
            continue;
          }
          const key = keyOf(groupBy, sample.labels);
          expect(close(sample.value, truth.get(key) ?? 0), `${field.metric}{${key}}`).toBe(true);
          kept += truth.get(key) ?? 0;
          truth.delete(key);
        }
        const folded = [...truth.values()].reduce((a, b) => a + b, 0);
        expect(close(other, folded), `${field.metric} __other__`).toBe(true);
        checked += 1;
        foldedTotal += folded;
        keptTotal += kept;
      }
      expect(checked).toBeGreaterThan(0);
      // Both sides of the limit carried usage, so neither check above held vacuously.
      expect(keptTotal).toBeGreaterThan(0);
      expect(foldedTotal).toBeGreaterThan(0);
    },
  );
});
