import { describe, expect, it } from 'vitest';
import type { ExporterConfig } from '../../src/config/index.js';
import { load } from './support.js';

const CATEGORIES: ExporterConfig['categories'] = {
  completions: { enabled: true, groupBy: ['project_id', 'model', 'batch'], filters: {} },
  embeddings: { enabled: true, groupBy: ['project_id', 'model'], filters: {} },
  moderations: { enabled: true, groupBy: ['project_id', 'model'], filters: {} },
  images: { enabled: true, groupBy: ['project_id', 'model', 'source', 'size'], filters: {} },
  audio_speeches: { enabled: true, groupBy: ['project_id', 'model'], filters: {} },
  audio_transcriptions: { enabled: true, groupBy: ['project_id', 'model'], filters: {} },
  vector_stores: { enabled: true, groupBy: ['project_id'], filters: {} },
  code_interpreter_sessions: { enabled: true, groupBy: ['project_id'], filters: {} },
  file_search_calls: { enabled: true, groupBy: ['project_id', 'vector_store_id'], filters: {} },
  web_search_calls: { enabled: true, groupBy: ['project_id', 'model', 'context_level'], filters: {} },
  costs: { enabled: true, groupBy: ['project_id', 'line_item'], filters: {} },
};
const BUDGET: ExporterConfig['budget'] = { projectDailyUsd: {}, projectMonthlyUsd: {} };

const DEFAULTS: ExporterConfig = {
  web: { listenAddress: ':9863', telemetryPath: '/metrics' },
  openai: { baseUrl: 'https://api.openai.com/v1', timeoutMs: 30_000, maxRetries: 4, requestsPerSecond: 2 },
  poll: {
    intervalMs: 60_000,
    minuteWindowMs: 3_600_000,
    hourlyIntervalMs: 900_000,
    hourlyWindowMs: 86_400_000,
    concurrency: 2,
    jitter: 0.1,
  },
  costs: { intervalMs: 300_000, settleDays: 2 },
  names: { enabled: true, intervalMs: 3_600_000, includeEmails: false },
  estimate: { enabled: true },
  limits: { enabled: true, intervalMs: 900_000 },
  storage: { path: './data' },
  backfill: { maxMs: 604_800_000 },
  series: { limit: 200_000 },
  log: { level: 'info', format: 'auto' },
  demo: false,
  categories: CATEGORIES,
  budget: BUDGET,
  // One organization, named default, with no key: the CLI refuses to start without one unless --demo.
  organizations: [
    {
      name: 'default',
      adminKey: undefined,
      baseUrl: 'https://api.openai.com/v1',
      categories: CATEGORIES,
      budget: BUDGET,
      listed: false,
    },
  ],
};

describe('loadConfig with nothing set', () => {
  it('yields the documented defaults, with no admin key and no optional settings', () => {
    expect(load().config).toStrictEqual(DEFAULTS);
  });

  it('requests no action', () => {
    const { checkConfig, once, help, version } = load();
    expect({ checkConfig, once, help, version }).toEqual({
      checkConfig: false,
      once: false,
      help: false,
      version: false,
    });
  });

  it('ignores environment variables it does not own', () => {
    // Kubernetes injects <SERVICE>_PORT style variables; they must not trip the exporter.
    const env = {
      OPENAI_EXPORTER_PORT: 'tcp://10.0.0.1:9863',
      OPENAI_EXPORTER_SERVICE_HOST: '10.0.0.1',
      PATH: '/bin',
    };
    expect(load({ env }).config).toStrictEqual(DEFAULTS);
  });
});
