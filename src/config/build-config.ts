// Assembles the ExporterConfig from resolved options and checks the rules that span options.

import { CATEGORY_IDS, type CategoryId } from '../catalog/categories.js';
import { buildOrganizations, type KeyAccess } from './build-organizations.js';
import type { BudgetConfig, CategoryConfig, ExporterConfig } from './config.js';
import { ConfigError } from './config-error.js';
import type { FileSettings } from './config-file.js';
import { formatDuration } from './duration.js';
import { GROUP_BY_OPTIONS } from './group-by-options.js';
import type { OptionSources } from './option-sources.js';
import { OPTIONS as O } from './options.js';

function enabledCategories(sources: OptionSources, file: FileSettings | undefined): ReadonlySet<CategoryId> {
  const listed = sources.require(O.categories);
  // An explicit --categories replaces the file's per-category `enabled` keys instead of merging with them.
  if (listed.source !== 'default') return new Set(listed.value);
  const enabled = new Set(CATEGORY_IDS.filter((category) => file?.categories[category]?.enabled ?? true));
  if (enabled.size === 0) {
    throw new ConfigError('categories', 'every category is disabled; enable at least one', file?.file);
  }
  return enabled;
}

function categories(
  sources: OptionSources,
  file: FileSettings | undefined,
): Record<CategoryId, CategoryConfig> {
  const enabled = enabledCategories(sources, file);
  const entries = CATEGORY_IDS.map((category): [CategoryId, CategoryConfig] => [
    category,
    {
      enabled: enabled.has(category),
      groupBy: sources.value(GROUP_BY_OPTIONS[category]),
      filters: file?.categories[category]?.filters ?? {},
    },
  ]);
  return Object.fromEntries(entries) as Record<CategoryId, CategoryConfig>;
}

function pollWindows(sources: OptionSources): { minuteWindowMs: number; hourlyWindowMs: number } {
  const minute = sources.require(O.pollWindow);
  const hourly = sources.require(O.hourlyWindow);
  // The hourly poll must cover every hour the minute window has already let go of.
  if (minute.value >= hourly.value) {
    throw new ConfigError(
      minute.at,
      `${formatDuration(minute.value)} must be shorter than --poll.hourly-window (${formatDuration(hourly.value)})`,
      minute.file,
    );
  }
  return { minuteWindowMs: minute.value, hourlyWindowMs: hourly.value };
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

export function buildConfig(
  sources: OptionSources,
  file: FileSettings | undefined,
  adminKey: string | undefined,
  access: KeyAccess,
): ExporterConfig {
  const { minuteWindowMs, hourlyWindowMs } = pollWindows(sources);
  const baseUrl = sources.value(O.baseUrl);
  const demo = sources.value(O.demo);
  const enabled = categories(sources, file);
  const budget: BudgetConfig = {
    ...optional('dailyUsd', sources.resolve(O.dailyUsd)?.value),
    ...optional('monthlyUsd', sources.resolve(O.monthlyUsd)?.value),
    projectDailyUsd: sources.resolve(O.projectDailyUsd)?.value ?? {},
    projectMonthlyUsd: sources.resolve(O.projectMonthlyUsd)?.value ?? {},
  };
  const defaults = { baseUrl, categories: enabled, budget, demo };
  return {
    web: {
      listenAddress: sources.value(O.listenAddress),
      telemetryPath: sources.value(O.telemetryPath),
      ...optional('configFile', sources.resolve(O.webConfigFile)?.value),
    },
    openai: {
      baseUrl,
      ...optional('adminKey', adminKey),
      timeoutMs: sources.value(O.timeout),
      maxRetries: sources.value(O.maxRetries),
      requestsPerSecond: sources.value(O.requestsPerSecond),
    },
    poll: {
      intervalMs: sources.value(O.pollInterval),
      minuteWindowMs,
      hourlyIntervalMs: sources.value(O.hourlyInterval),
      hourlyWindowMs,
      concurrency: sources.value(O.concurrency),
      jitter: sources.value(O.jitter),
    },
    costs: { intervalMs: sources.value(O.costsInterval), settleDays: sources.value(O.settleDays) },
    names: {
      enabled: sources.value(O.namesEnabled),
      intervalMs: sources.value(O.namesInterval),
      includeEmails: sources.value(O.namesIncludeEmails),
    },
    limits: { enabled: sources.value(O.limitsEnabled), intervalMs: sources.value(O.limitsInterval) },
    estimate: { enabled: sources.value(O.estimateEnabled) },
    storage: { path: sources.value(O.storagePath) },
    backfill: { maxMs: sources.value(O.backfillMax) },
    series: { limit: sources.value(O.seriesLimit) },
    log: { level: sources.value(O.logLevel), format: sources.value(O.logFormat) },
    demo,
    categories: enabled,
    budget,
    organizations: buildOrganizations(sources, file, defaults, access),
  };
}
