// The exporter's effective configuration, after flags, environment and defaults are merged.

import type { CategoryId, Dimension } from '../catalog/categories.js';
import type { QueryFilters } from '../domain/bucket.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface CategoryConfig {
  readonly enabled: boolean;
  readonly groupBy: readonly Dimension[];
  readonly filters: QueryFilters;
}

export interface BudgetConfig {
  readonly dailyUsd?: number;
  readonly monthlyUsd?: number;
  /** Per project id. */
  readonly projectDailyUsd: Readonly<Record<string, number>>;
  readonly projectMonthlyUsd: Readonly<Record<string, number>>;
}

/** Where an organization's admin key is read from; the key itself is never part of the configuration. */
export type AdminKeySource =
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'file'; readonly path: string };

/** One organization the exporter polls, with the settings that may differ between organizations. */
export interface OrganizationConfig {
  /** The `organization` label value: [a-z0-9_-]+, unique. */
  readonly name: string;
  /**
   * Undefined only with --demo (the demo upstream hands out its own keys), or for the implicit
   * organization when neither OPENAI_ADMIN_KEY nor OPENAI_ADMIN_KEY_FILE is set, which the CLI refuses.
   */
  readonly adminKey: AdminKeySource | undefined;
  /** The entry's base_url, else --openai.base-url. */
  readonly baseUrl: string;
  /** The entry's `categories: [..]` enables exactly those; group_by and filters stay global. */
  readonly categories: Readonly<Record<CategoryId, CategoryConfig>>;
  /** The entry's `budget:` section as a whole, else the top-level budget. */
  readonly budget: BudgetConfig;
  /** True when it came from the `organizations:` list: its state lives in <storage.path>/<name>/. */
  readonly listed: boolean;
}

export interface ExporterConfig {
  readonly web: {
    readonly listenAddress: string;
    readonly telemetryPath: string;
    readonly configFile?: string;
  };
  readonly openai: {
    readonly baseUrl: string;
    /** Never logged or printed; see `renderConfigFile` and `src/secrets/redact.ts`. */
    readonly adminKey?: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    /** Global ceiling on upstream requests per second, shared by every category. */
    readonly requestsPerSecond: number;
  };
  readonly poll: {
    readonly intervalMs: number;
    /** Trailing window of 1m buckets re-read on every poll, to catch late revisions. */
    readonly minuteWindowMs: number;
    readonly hourlyIntervalMs: number;
    readonly hourlyWindowMs: number;
    readonly concurrency: number;
    /** Fraction of the interval added as random delay, so categories do not poll in lockstep. */
    readonly jitter: number;
  };
  readonly costs: {
    readonly intervalMs: number;
    /** Days before today that are re-read because their totals may still change. */
    readonly settleDays: number;
  };
  /** Project, API key and user names from the admin listings, exported as info metrics. */
  readonly names: {
    readonly enabled: boolean;
    readonly intervalMs: number;
    /** Emails are personal data, so the `email` label is opt-in. */
    readonly includeEmails: boolean;
  };
  /** The organization's own limits (spend limits, spend alerts, rate limits), on their own timer. */
  readonly limits: {
    readonly enabled: boolean;
    readonly intervalMs: number;
  };
  /** Spend estimated within minutes from the usage counters, priced from the bill. */
  readonly estimate: { readonly enabled: boolean };
  readonly storage: { readonly path: string };
  readonly backfill: { readonly maxMs: number };
  readonly series: { readonly limit: number };
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  readonly demo: boolean;
  readonly categories: Readonly<Record<CategoryId, CategoryConfig>>;
  readonly budget: BudgetConfig;
  /** Always at least one: the `organizations:` list, or the one organization --organization.name names. */
  readonly organizations: readonly OrganizationConfig[];
}
