import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { CATEGORIES, type CategoryId } from '../../src/catalog/categories.js';
import { type ExporterConfig, loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { UsageClient } from '../../src/openai/index.js';
import { counterMismatches } from '../support/exactness.js';
import { parseExposition, sumOf } from '../support/exposition.js';
import { playPollingSchedule } from '../support/schedule.js';

// The newer upstream data (tool-call endpoints, costs quantity) under the same late revisions as
// the older categories: three hours of traffic that keeps growing for 8 minutes after each minute,
// every dimension grouped, polled on the production schedule shape with an injected clock.
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 17);
const TRAFFIC_START = START_MS / 1000 - 3600;
const TRAFFIC_END = START_MS / 1000 + 3 * 3600;
const END_MS = (TRAFFIC_END + 40 * 60) * 1000;
const NEW_CATEGORIES = ['file_search_calls', 'web_search_calls'] as const satisfies readonly CategoryId[];

let now = START_MS;
let simulator: Simulator;
let upstream: RunningSimulator;
let exporter: Exporter;
let config: ExporterConfig;

beforeAll(async () => {
  simulator = createSimulator({
    seed: 23,
    now: () => now,
    finalizationDelaySeconds: 480,
    trafficStartTime: TRAFFIC_START,
    trafficEndTime: TRAFFIC_END,
  });
  upstream = await simulator.listen();
  const groupByAll = NEW_CATEGORIES.map((id) => `--${id}.group-by=${CATEGORIES[id].dimensions.join(',')}`);
  config = loadConfig(
    [
      `--categories=${[...NEW_CATEGORIES, 'costs'].join(',')}`,
      ...groupByAll,
      '--costs.group-by=project_id,line_item,api_key_id',
      '--poll.window=30m',
    ],
    {},
  ).config;
  const client = new UsageClient({
    baseUrl: upstream.baseUrl,
    adminKey: 'sk-admin-newer',
    sleep: async () => {},
  });
  exporter = new Exporter({ config, source: client, logger: pino({ level: 'silent' }), nowMs: () => now });
  await playPollingSchedule(exporter, START_MS, END_MS, (ms) => {
    now = ms;
  });
}, 120_000);

afterAll(() => upstream?.close());

const served = () => parseExposition(exporter.cache.plain.toString());

describe('the newer upstream data, against an upstream that revises buckets late', () => {
  it('polled the new categories and costs without a failure', () => {
    expect(exporter.pollers.map((p) => p.spec.id)).toEqual([...NEW_CATEGORIES, 'costs']);
    for (const poller of exporter.pollers) {
      for (const width of poller.widths)
        expect(poller.progress[width]?.lastError, `${poller.spec.id} ${width}`).toBeUndefined();
    }
  });

  it.each(NEW_CATEGORIES)('counts exactly the final %s totals, label set by label set', (category) => {
    const parsed = served();
    const mismatches = counterMismatches(parsed, simulator.truth, {
      category,
      startTime: exporter.ledger(category)?.countedSince ?? 0,
      endTime: END_MS / 1000,
      groupBy: config.categories[category].groupBy,
    });
    expect(mismatches).toEqual([]);
    for (const field of CATEGORIES[category].fields) expect(sumOf(parsed, field.metric)).toBeGreaterThan(0);
  });

  it('counts exactly the final costs amounts and quantities per project, line item and key', () => {
    const parsed = served();
    const mismatches = counterMismatches(
      parsed,
      simulator.truth,
      {
        category: 'costs',
        startTime: exporter.ledger('costs')?.countedSince ?? 0,
        endTime: END_MS / 1000,
        groupBy: config.categories.costs.groupBy,
      },
      1e-9,
    );
    expect(mismatches).toEqual([]);
    expect(sumOf(parsed, 'openai_cost_quantity_total', { line_item: 'File search tool calls' })).toBe(
      sumOf(parsed, 'openai_file_search_calls_requests_total'),
    );
    expect(parsed.types.get('openai_cost_quantity_total')).toBe('counter');
    expect(parsed.help.get('openai_cost_quantity_total')).toMatch(
      /quantity_unit.*only present when .*line_item/,
    );
  });
});
