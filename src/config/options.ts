// The exporter's options. Their order here, with the per-category group-by flags inserted after
// --categories (see option-list.ts), is the order of `--help` and the docs tables.

import { CATEGORY_IDS } from '../catalog/categories.js';
import { listenAddress, telemetryPath } from './address-decoders.js';
import type { LogFormat, LogLevel } from './config.js';
import { ESTIMATE_OPTIONS } from './estimate-options.js';
import { LIMITS_OPTIONS } from './limits-options.js';
import { categoryList, projectBudgets } from './list-decoders.js';
import { NAMES_OPTIONS } from './names-options.js';
import { option } from './option-spec.js';
import { ORGANIZATION_OPTIONS } from './organization-options.js';
import { boolean, integer, oneOf, positiveNumber, text } from './scalar-decoders.js';
import { UPSTREAM_OPTIONS } from './upstream-options.js';

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const LOG_FORMATS: readonly LogFormat[] = ['auto', 'json', 'pretty'];

export const OPTIONS = {
  listenAddress: option({
    flag: 'web.listen-address',
    env: 'OPENAI_EXPORTER_WEB_LISTEN_ADDRESS',
    default: ':9863',
    placeholder: '<address>',
    filePath: 'web.listen_address',
    description: 'Address to serve metrics on: host:port, :port or [::1]:port.',
    decode: listenAddress,
  }),
  telemetryPath: option({
    flag: 'web.telemetry-path',
    env: 'OPENAI_EXPORTER_WEB_TELEMETRY_PATH',
    default: '/metrics',
    placeholder: '<path>',
    filePath: 'web.telemetry_path',
    description: 'Path under which to expose metrics.',
    decode: telemetryPath,
  }),
  webConfigFile: option({
    flag: 'web.config.file',
    env: 'OPENAI_EXPORTER_WEB_CONFIG_FILE',
    placeholder: '<file>',
    filePath: 'web.config_file',
    description: 'Prometheus exporter-toolkit web config file (TLS, basic auth).',
    decode: text,
  }),
  ...UPSTREAM_OPTIONS,
  ...NAMES_OPTIONS,
  ...LIMITS_OPTIONS,
  ...ESTIMATE_OPTIONS,
  ...ORGANIZATION_OPTIONS,
  storagePath: option({
    flag: 'storage.path',
    env: 'OPENAI_EXPORTER_STORAGE_PATH',
    default: './data',
    placeholder: '<dir>',
    filePath: 'storage.path',
    description:
      'Directory for the state file that keeps counters across restarts; one exporter at a time (locked), and --demo uses its demo/ subdirectory.',
    decode: text,
  }),
  seriesLimit: option({
    flag: 'series.limit',
    env: 'OPENAI_EXPORTER_SERIES_LIMIT',
    default: '200000',
    placeholder: '<int>',
    filePath: 'series.limit',
    description: 'Label sets per category before further ones are folded into __other__.',
    decode: integer(1),
  }),
  logLevel: option({
    flag: 'log.level',
    env: 'OPENAI_EXPORTER_LOG_LEVEL',
    default: 'info',
    placeholder: '<level>',
    filePath: 'log.level',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    decode: oneOf(LOG_LEVELS),
  }),
  logFormat: option({
    flag: 'log.format',
    env: 'OPENAI_EXPORTER_LOG_FORMAT',
    default: 'auto',
    placeholder: '<format>',
    filePath: 'log.format',
    description: 'Log format: auto (pretty on a terminal, JSON otherwise), json or pretty.',
    decode: oneOf(LOG_FORMATS),
  }),
  demo: option({
    flag: 'demo',
    env: 'OPENAI_EXPORTER_DEMO',
    default: 'false',
    placeholder: '',
    filePath: 'demo',
    isBoolean: true,
    description: 'Run against the built-in simulator instead of the OpenAI API.',
    decode: boolean,
  }),
  categories: option({
    flag: 'categories',
    env: 'OPENAI_EXPORTER_CATEGORIES',
    default: 'all',
    placeholder: '<list>',
    description: `Categories to poll, comma separated: ${CATEGORY_IDS.join(', ')}; or all. Overrides enabled in the config file.`,
    decode: categoryList,
  }),
  dailyUsd: option({
    flag: 'budget.daily-usd',
    env: 'OPENAI_EXPORTER_BUDGET_DAILY_USD',
    placeholder: '<usd>',
    filePath: 'budget.daily_usd',
    description: 'Organization daily budget in US dollars.',
    decode: positiveNumber,
  }),
  monthlyUsd: option({
    flag: 'budget.monthly-usd',
    env: 'OPENAI_EXPORTER_BUDGET_MONTHLY_USD',
    placeholder: '<usd>',
    filePath: 'budget.monthly_usd',
    description: 'Organization monthly budget in US dollars.',
    decode: positiveNumber,
  }),
  projectDailyUsd: option({
    flag: 'budget.project-daily-usd',
    env: 'OPENAI_EXPORTER_BUDGET_PROJECT_DAILY_USD',
    placeholder: '<project=usd,...>',
    description: 'Daily budgets per project, e.g. proj_a=10,proj_b=25.5.',
    decode: projectBudgets,
  }),
  projectMonthlyUsd: option({
    flag: 'budget.project-monthly-usd',
    env: 'OPENAI_EXPORTER_BUDGET_PROJECT_MONTHLY_USD',
    placeholder: '<project=usd,...>',
    description: 'Monthly budgets per project, e.g. proj_a=300,proj_b=800.',
    decode: projectBudgets,
  }),
  configFile: option({
    flag: 'config.file',
    env: 'OPENAI_EXPORTER_CONFIG_FILE',
    placeholder: '<file>',
    description: 'YAML config file; flags and environment variables override it.',
    decode: text,
  }),
} as const;
