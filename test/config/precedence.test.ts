// Every option, set through each of its three sources, with flag > env > file > default.

import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CATEGORIES, CATEGORY_IDS, type CategoryId } from '../../src/catalog/categories.js';
import type { ExporterConfig } from '../../src/config/index.js';
import { ALL_OPTIONS } from '../../src/config/option-list.js';
import { load } from './support.js';

interface Row {
  readonly flag: string;
  readonly env: string;
  /** Raw text for the flag and for the environment variable. */
  readonly flagText: string;
  readonly envText: string;
  /** The config file document that sets the option. */
  readonly file: Record<string, unknown>;
  readonly read: (config: ExporterConfig) => unknown;
  /** Effective values when the flag, the env var or the file wins. */
  readonly fromFlag: unknown;
  readonly fromEnv: unknown;
  readonly fromFile: unknown;
}

const row = (
  flag: string,
  env: string,
  [flagText, envText]: [string, string],
  file: Record<string, unknown>,
  read: (config: ExporterConfig) => unknown,
  [fromFlag, fromEnv, fromFile]: [unknown, unknown, unknown],
): Row => ({ flag, env, flagText, envText, file, read, fromFlag, fromEnv, fromFile });

const enabledCategories = (config: ExporterConfig) =>
  CATEGORY_IDS.filter((id) => config.categories[id].enabled);

function groupByRow(category: CategoryId): Row {
  const { dimensions } = CATEGORIES[category];
  const inFile = dimensions.length > 1 ? [...dimensions].reverse() : [];
  return row(
    `${category}.group-by`,
    `OPENAI_EXPORTER_${category.toUpperCase()}_GROUP_BY`,
    ['', dimensions.join(',')],
    { categories: { [category]: { group_by: inFile } } },
    (c) => c.categories[category].groupBy,
    [[], dimensions, inFile],
  );
}

const ROWS: readonly Row[] = [
  row(
    'web.listen-address',
    'OPENAI_EXPORTER_WEB_LISTEN_ADDRESS',
    ['127.0.0.1:1', '[::1]:2'],
    { web: { listen_address: ':3' } },
    (c) => c.web.listenAddress,
    ['127.0.0.1:1', '[::1]:2', ':3'],
  ),
  row(
    'web.telemetry-path',
    'OPENAI_EXPORTER_WEB_TELEMETRY_PATH',
    ['/a', '/b'],
    { web: { telemetry_path: '/c' } },
    (c) => c.web.telemetryPath,
    ['/a', '/b', '/c'],
  ),
  row(
    'web.config.file',
    'OPENAI_EXPORTER_WEB_CONFIG_FILE',
    ['a.yml', 'b.yml'],
    { web: { config_file: 'c.yml' } },
    (c) => c.web.configFile,
    ['a.yml', 'b.yml', 'c.yml'],
  ),
  row(
    'openai.base-url',
    'OPENAI_BASE_URL',
    ['http://a.test/v1', 'https://b.test/v1/'],
    { openai: { base_url: 'https://c.test' } },
    (c) => c.openai.baseUrl,
    ['http://a.test/v1', 'https://b.test/v1', 'https://c.test'],
  ),
  row(
    'openai.timeout',
    'OPENAI_EXPORTER_OPENAI_TIMEOUT',
    ['1s', '2m'],
    { openai: { timeout: '3h' } },
    (c) => c.openai.timeoutMs,
    [1000, 120_000, 10_800_000],
  ),
  row(
    'openai.max-retries',
    'OPENAI_EXPORTER_OPENAI_MAX_RETRIES',
    ['0', '5'],
    { openai: { max_retries: 20 } },
    (c) => c.openai.maxRetries,
    [0, 5, 20],
  ),
  row(
    'openai.requests-per-second',
    'OPENAI_EXPORTER_OPENAI_REQUESTS_PER_SECOND',
    ['0.5', '10'],
    { openai: { requests_per_second: 3 } },
    (c) => c.openai.requestsPerSecond,
    [0.5, 10, 3],
  ),
  row(
    'poll.interval',
    'OPENAI_EXPORTER_POLL_INTERVAL',
    ['1s', '90s'],
    { poll: { interval: '2m' } },
    (c) => c.poll.intervalMs,
    [1000, 90_000, 120_000],
  ),
  row(
    'poll.window',
    'OPENAI_EXPORTER_POLL_WINDOW',
    ['1m', '30m'],
    { poll: { window: '23h' } },
    (c) => c.poll.minuteWindowMs,
    [60_000, 1_800_000, 82_800_000],
  ),
  row(
    'poll.hourly-interval',
    'OPENAI_EXPORTER_POLL_HOURLY_INTERVAL',
    ['1m', '1h'],
    { poll: { hourly_interval: '2h' } },
    (c) => c.poll.hourlyIntervalMs,
    [60_000, 3_600_000, 7_200_000],
  ),
  row(
    'poll.hourly-window',
    'OPENAI_EXPORTER_POLL_HOURLY_WINDOW',
    ['2h', '48h'],
    { poll: { hourly_window: '168h' } },
    (c) => c.poll.hourlyWindowMs,
    [7_200_000, 172_800_000, 604_800_000],
  ),
  row(
    'poll.concurrency',
    'OPENAI_EXPORTER_POLL_CONCURRENCY',
    ['1', '4'],
    { poll: { concurrency: 8 } },
    (c) => c.poll.concurrency,
    [1, 4, 8],
  ),
  row(
    'poll.jitter',
    'OPENAI_EXPORTER_POLL_JITTER',
    ['0', '1'],
    { poll: { jitter: 0.5 } },
    (c) => c.poll.jitter,
    [0, 1, 0.5],
  ),
  row(
    'costs.interval',
    'OPENAI_EXPORTER_COSTS_INTERVAL',
    ['1m', '10m'],
    { costs: { interval: '1h' } },
    (c) => c.costs.intervalMs,
    [60_000, 600_000, 3_600_000],
  ),
  row(
    'costs.settle-days',
    'OPENAI_EXPORTER_COSTS_SETTLE_DAYS',
    ['0', '7'],
    { costs: { settle_days: 31 } },
    (c) => c.costs.settleDays,
    [0, 7, 31],
  ),
  row(
    'names.enabled',
    'OPENAI_EXPORTER_NAMES_ENABLED',
    ['false', '0'],
    { names: { enabled: false } },
    (c) => c.names.enabled,
    [false, false, false],
  ),
  row(
    'names.interval',
    'OPENAI_EXPORTER_NAMES_INTERVAL',
    ['1m', '2h'],
    { names: { interval: '1d' } },
    (c) => c.names.intervalMs,
    [60_000, 7_200_000, 86_400_000],
  ),
  row(
    'names.include-emails',
    'OPENAI_EXPORTER_NAMES_INCLUDE_EMAILS',
    ['true', '1'],
    { names: { include_emails: true } },
    (c) => c.names.includeEmails,
    [true, true, true],
  ),
  row(
    'estimate.enabled',
    'OPENAI_EXPORTER_ESTIMATE_ENABLED',
    ['false', '0'],
    { estimate: { enabled: false } },
    (c) => c.estimate.enabled,
    [false, false, false],
  ),
  row(
    'limits.enabled',
    'OPENAI_EXPORTER_LIMITS_ENABLED',
    ['false', '0'],
    { limits: { enabled: false } },
    (c) => c.limits.enabled,
    [false, false, false],
  ),
  row(
    'limits.interval',
    'OPENAI_EXPORTER_LIMITS_INTERVAL',
    ['1m', '30m'],
    { limits: { interval: '1h' } },
    (c) => c.limits.intervalMs,
    [60_000, 1_800_000, 3_600_000],
  ),
  row(
    'storage.path',
    'OPENAI_EXPORTER_STORAGE_PATH',
    ['/a', '/b'],
    { storage: { path: '/c' } },
    (c) => c.storage.path,
    ['/a', '/b', '/c'],
  ),
  row(
    'backfill.max',
    'OPENAI_EXPORTER_BACKFILL_MAX',
    ['0', '1h'],
    { backfill: { max: '3d' } },
    (c) => c.backfill.maxMs,
    [0, 3_600_000, 259_200_000],
  ),
  row(
    'series.limit',
    'OPENAI_EXPORTER_SERIES_LIMIT',
    ['1', '1000'],
    { series: { limit: 5000 } },
    (c) => c.series.limit,
    [1, 1000, 5000],
  ),
  row(
    'log.level',
    'OPENAI_EXPORTER_LOG_LEVEL',
    ['trace', 'warn'],
    { log: { level: 'silent' } },
    (c) => c.log.level,
    ['trace', 'warn', 'silent'],
  ),
  row(
    'log.format',
    'OPENAI_EXPORTER_LOG_FORMAT',
    ['json', 'pretty'],
    { log: { format: 'json' } },
    (c) => c.log.format,
    ['json', 'pretty', 'json'],
  ),
  row(
    'organization.name',
    'OPENAI_EXPORTER_ORGANIZATION_NAME',
    ['acme', 'globex'],
    { organization: { name: 'initech' } },
    (c) => c.organizations.map((organization) => organization.name),
    [['acme'], ['globex'], ['initech']],
  ),
  row('demo', 'OPENAI_EXPORTER_DEMO', ['true', 'false'], { demo: true }, (c) => c.demo, [true, false, true]),
  row(
    'categories',
    'OPENAI_EXPORTER_CATEGORIES',
    ['costs', 'completions, costs'],
    { categories: { completions: { enabled: false } } },
    enabledCategories,
    [['costs'], ['completions', 'costs'], CATEGORY_IDS.filter((id) => id !== 'completions')],
  ),
  ...CATEGORY_IDS.map(groupByRow),
  row(
    'budget.daily-usd',
    'OPENAI_EXPORTER_BUDGET_DAILY_USD',
    ['10', '20.5'],
    { budget: { daily_usd: 30 } },
    (c) => c.budget.dailyUsd,
    [10, 20.5, 30],
  ),
  row(
    'budget.monthly-usd',
    'OPENAI_EXPORTER_BUDGET_MONTHLY_USD',
    ['100', '200.5'],
    { budget: { monthly_usd: 300 } },
    (c) => c.budget.monthlyUsd,
    [100, 200.5, 300],
  ),
  row(
    'budget.project-daily-usd',
    'OPENAI_EXPORTER_BUDGET_PROJECT_DAILY_USD',
    ['proj_a=10', 'proj_b=25.5, proj_c=1'],
    { budget: { projects: { proj_d: { daily_usd: 4 } } } },
    (c) => c.budget.projectDailyUsd,
    [{ proj_a: 10 }, { proj_b: 25.5, proj_c: 1 }, { proj_d: 4 }],
  ),
  row(
    'budget.project-monthly-usd',
    'OPENAI_EXPORTER_BUDGET_PROJECT_MONTHLY_USD',
    ['proj_a=300', 'proj_b=800'],
    { budget: { projects: { proj_d: { monthly_usd: 40 } } } },
    (c) => c.budget.projectMonthlyUsd,
    [{ proj_a: 300 }, { proj_b: 800 }, { proj_d: 40 }],
  ),
];

const FILE = '/etc/exporter.yaml';

function loadWith(r: Row, sources: { flag?: boolean; env?: boolean; file?: boolean }): ExporterConfig {
  return load({
    argv: [
      ...(sources.flag ? [`--${r.flag}=${r.flagText}`] : []),
      ...(sources.file ? ['--config.file', FILE] : []),
    ],
    env: sources.env ? { [r.env]: r.envText } : {},
    files: { [FILE]: stringify(r.file) },
  }).config;
}

describe('option precedence', () => {
  it('covers every option except --config.file, which is specified on its own', () => {
    const specified = ROWS.map((r) => `${r.flag} ${r.env}`).sort();
    const declared = ALL_OPTIONS.filter((spec) => spec.flag !== 'config.file')
      .map((spec) => `${spec.flag} ${spec.env}`)
      .sort();
    expect(specified).toEqual(declared);
  });

  describe.each(ROWS)('--$flag', (r) => {
    it('takes the flag over the environment and the file', () => {
      expect(r.read(loadWith(r, { flag: true, env: true, file: true }))).toStrictEqual(r.fromFlag);
    });

    it(`takes ${r.env} over the file`, () => {
      expect(r.read(loadWith(r, { env: true, file: true }))).toStrictEqual(r.fromEnv);
    });

    it('takes the file over the default', () => {
      const fromFile = r.read(loadWith(r, { file: true }));
      expect(fromFile).toStrictEqual(r.fromFile);
      expect(fromFile).not.toStrictEqual(r.read(loadWith(r, {})));
    });
  });
});

describe('--config.file', () => {
  it('is read from OPENAI_EXPORTER_CONFIG_FILE when the flag is absent', () => {
    const { config } = load({
      env: { OPENAI_EXPORTER_CONFIG_FILE: '/env.yaml' },
      files: { '/env.yaml': 'storage: { path: /from-env }' },
    });
    expect(config.storage.path).toBe('/from-env');
  });

  it('prefers the flag over OPENAI_EXPORTER_CONFIG_FILE', () => {
    const { config } = load({
      argv: ['--config.file=/flag.yaml'],
      env: { OPENAI_EXPORTER_CONFIG_FILE: '/env.yaml' },
      files: { '/flag.yaml': 'storage: { path: /from-flag }', '/env.yaml': 'storage: { path: /from-env }' },
    });
    expect(config.storage.path).toBe('/from-flag');
  });
});
