import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { CATEGORY_IDS, type CategoryId } from '../../src/catalog/categories.js';
import { type ExporterConfig, loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { createApp } from '../../src/http/app.js';
import { listen, type RunningServer } from '../../src/http/server.js';
import { UsageClient } from '../../src/openai/index.js';
import { counterMismatches } from '../support/exactness.js';
import { parseExposition } from '../support/exposition.js';
import { playPollingSchedule } from '../support/schedule.js';

// Four and a half hours of traffic with buckets that keep growing for 8 minutes after they end,
// played with an injected clock; the exporter polls on its default schedule shape.
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 17);
const TRAFFIC_END = START_MS / 1000 + 4.5 * 3600;
const END_MS = (TRAFFIC_END + 40 * 60) * 1000;
const MINUTE_MS = 60_000;

let now = START_MS;
let simulator: Simulator;
let upstream: RunningSimulator;
let exporter: Exporter;
let server: RunningServer;
let config: ExporterConfig;

beforeAll(async () => {
  simulator = createSimulator({
    seed: 11,
    now: () => now,
    finalizationDelaySeconds: 480,
    trafficEndTime: TRAFFIC_END,
    credits: true,
  });
  upstream = await simulator.listen();
  const base = loadConfig([], {}).config;
  config = {
    ...base,
    poll: { ...base.poll, minuteWindowMs: 30 * MINUTE_MS },
    categories: {
      ...base.categories,
      completions: {
        ...base.categories.completions,
        groupBy: ['project_id', 'model', 'batch', 'service_tier'],
      },
      costs: { ...base.categories.costs, groupBy: ['project_id', 'line_item', 'api_key_id'] },
    },
  };
  const client = new UsageClient({
    baseUrl: upstream.baseUrl,
    adminKey: 'sk-admin-exactness',
    sleep: async () => {},
  });
  exporter = new Exporter({ config, source: client, logger: pino({ level: 'silent' }), nowMs: () => now });
  server = await listen(
    createApp({
      telemetryPath: '/metrics',
      exposition: exporter.cache,
      isReady: () => exporter.ready,
      landing: () => ({ version: 'test', nowSeconds: now / 1000, categories: [] }),
    }),
    '127.0.0.1:0',
  );
  await playPollingSchedule(exporter, START_MS, END_MS, (ms) => {
    now = ms;
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

describe('the exporter against an upstream that revises buckets late', () => {
  it('polled every category without a failure', () => {
    for (const poller of exporter.pollers) {
      for (const width of poller.widths)
        expect(poller.progress[width]?.lastError, `${poller.spec.id} ${width}`).toBeUndefined();
    }
    expect(exporter.ready).toBe(true);
  });

  it.each(CATEGORY_IDS.filter((id) => id !== 'costs' && id !== 'vector_stores'))(
    'counts exactly the final %s totals, label set by label set',
    async (category: CategoryId) => {
      const parsed = parseExposition(exporter.cache.plain.toString());
      const ledger = exporter.ledger(category);
      expect(ledger?.countedSince).toBeDefined();
      const mismatches = counterMismatches(parsed, simulator.truth, {
        category,
        startTime: ledger?.countedSince ?? 0,
        endTime: END_MS / 1000,
        groupBy: config.categories[category].groupBy,
      });
      expect(mismatches).toEqual([]);
      expect(
        parsed.samples.some(
          (s) => s.name.startsWith(`openai_${category.replace('_sessions', '')}`) && s.value > 0,
        ),
      ).toBe(true);
    },
  );

  it('counts exactly the final costs per project, line item and key (to 1e-9 relative)', () => {
    const parsed = parseExposition(exporter.cache.plain.toString());
    const ledger = exporter.ledger('costs');
    const mismatches = counterMismatches(
      parsed,
      simulator.truth,
      {
        category: 'costs',
        startTime: ledger?.countedSince ?? 0,
        endTime: END_MS / 1000,
        groupBy: config.categories.costs.groupBy,
      },
      1e-9,
    );
    expect(mismatches).toEqual([]);
    expect(parsed.samples.filter((s) => s.name === 'openai_cost_usd_total').length).toBeGreaterThan(5);
    const credits = parsed.samples.filter((s) => s.name === 'openai_cost_credits_usd_total' && s.value > 0);
    expect(credits.length).toBeGreaterThan(0);
  });

  it('shows the newest vector storage level per project', () => {
    const parsed = parseExposition(exporter.cache.plain.toString());
    const lastMinute = Math.floor(now / 1000 / 60) * 60 - 60;
    const truth = simulator.truth.finalTotals({
      category: 'vector_stores',
      startTime: lastMinute - 60,
      endTime: lastMinute + 60,
      groupBy: ['project_id'],
    });
    const gauges = parsed.samples.filter((s) => s.name === 'openai_vector_stores_usage_bytes');
    expect(gauges.length).toBe(truth.length);
    for (const row of truth) {
      const sample = gauges.find((s) => s.labels.project_id === row.labels.project_id);
      expect(sample?.value).toBe(row.values.usage_bytes);
    }
  });

  it('serves scrapes from memory: no scrape makes an upstream request', async () => {
    const before = simulator.stats.total;
    for (let i = 0; i < 5; i++) {
      const plain = await fetch(`${server.url}/metrics`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.status).toBe(200);
      const gzipped = await fetch(`${server.url}/metrics`);
      expect(gzipped.status).toBe(200);
      expect(await gzipped.text()).toBe(await plain.text());
    }
    expect(simulator.stats.total).toBe(before);
  });
});
