// The exporter's own health, in prom-client (small, low-cardinality families), on a private
// registry so nothing else in the process can add to it.

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
}

export interface BudgetGauge {
  readonly period: 'day' | 'month';
  readonly usd: number;
  readonly projectId?: string;
}

export class SelfMetrics {
  readonly registry = new Registry();
  private readonly pollSuccess: Gauge<'category' | 'bucket_width'>;
  private readonly lastSuccess: Gauge<'category' | 'bucket_width'>;
  private readonly newestBucketEnd: Gauge<'category'>;
  private readonly pollDuration: Histogram<'category' | 'bucket_width'>;
  private readonly polls: Counter<'category' | 'bucket_width' | 'result'>;
  private readonly upstreamRequests: Counter<'category' | 'code'>;
  private readonly upstreamRetries: Counter<'category' | 'reason'>;
  private readonly rateLimited: Counter<'category'>;
  private readonly downwardRevisions: Counter<'category'>;
  private readonly malformedPages: Counter<'category'>;
  private readonly series: Gauge<'category'>;
  private readonly folded: Counter<'category'>;
  private readonly foldedSeen = new Map<string, number>();
  private readonly countedSince: Gauge<'category'>;
  private readonly stateSaves: Counter<'result'>;
  private readonly stateLastSave: Gauge;
  private readonly stateRecoveries: Counter<'reason'>;
  private readonly budget: Gauge<'period' | 'project_id'>;

  constructor(build: BuildInfo) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const info = new Gauge({
      name: 'openai_exporter_build_info',
      help: 'Build information of the OpenAI usage exporter; the value is always 1.',
      labelNames: ['version', 'revision', 'nodejs_version'],
      registers,
    });
    info.set({ version: build.version, revision: build.revision, nodejs_version: process.version }, 1);
    const byWidth = ['category', 'bucket_width'] as const;
    this.pollSuccess = new Gauge({
      name: 'openai_exporter_poll_success',
      help: 'Whether the last poll of this category and bucket width succeeded (1) or failed (0).',
      labelNames: byWidth,
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'openai_exporter_last_success_timestamp_seconds',
      help: 'Unix time of the last successful poll of this category and bucket width.',
      labelNames: byWidth,
      registers,
    });
    this.newestBucketEnd = new Gauge({
      name: 'openai_exporter_newest_bucket_end_timestamp_seconds',
      help: 'End of the newest bucket received for this category (capped at the time it was received); time() minus this is the data freshness.',
      labelNames: ['category'],
      registers,
    });
    this.pollDuration = new Histogram({
      name: 'openai_exporter_poll_duration_seconds',
      help: 'Duration of a poll of one category and bucket width, all pages and retries included.',
      labelNames: byWidth,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.polls = new Counter({
      name: 'openai_exporter_polls_total',
      help: 'Polls of one category and bucket width, by result.',
      labelNames: [...byWidth, 'result'],
      registers,
    });
    this.upstreamRequests = new Counter({
      name: 'openai_exporter_upstream_requests_total',
      help: 'HTTP requests to the OpenAI API, by category and HTTP status code (or network, timeout).',
      labelNames: ['category', 'code'],
      registers,
    });
    this.upstreamRetries = new Counter({
      name: 'openai_exporter_upstream_retries_total',
      help: 'Retried OpenAI API requests, by category and reason.',
      labelNames: ['category', 'reason'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'openai_exporter_upstream_rate_limited_total',
      help: 'OpenAI API responses with status 429 (rate limited), by category.',
      labelNames: ['category'],
      registers,
    });
    this.downwardRevisions = new Counter({
      name: 'openai_exporter_downward_revisions_total',
      help: 'Bucket values that went down between two polls; they are logged and never subtracted.',
      labelNames: ['category'],
      registers,
    });
    this.malformedPages = new Counter({
      name: 'openai_exporter_malformed_pages_total',
      help: 'OpenAI API answers refused as malformed; the poll failed and the last good values were kept.',
      labelNames: ['category'],
      registers,
    });
    this.series = new Gauge({
      name: 'openai_exporter_series',
      help: 'Label sets exported for this category.',
      labelNames: ['category'],
      registers,
    });
    this.folded = new Counter({
      name: 'openai_exporter_folded_label_sets_total',
      help: 'Label sets folded into the __other__ series because the series limit was reached.',
      labelNames: ['category'],
      registers,
    });
    this.countedSince = new Gauge({
      name: 'openai_exporter_counted_since_timestamp_seconds',
      help: 'Start of the earliest bucket included in the counters of this category.',
      labelNames: ['category'],
      registers,
    });
    this.stateSaves = new Counter({
      name: 'openai_exporter_state_saves_total',
      help: 'Saves of the state file, by result.',
      labelNames: ['result'],
      registers,
    });
    this.stateLastSave = new Gauge({
      name: 'openai_exporter_state_last_save_timestamp_seconds',
      help: 'Unix time of the last successful save of the state file.',
      registers,
    });
    this.stateRecoveries = new Counter({
      name: 'openai_exporter_state_recoveries_total',
      help: 'Saved state not continued at start-up, by reason: an unusable file (moved aside) or a real change of identity (other_organization, labels_changed, filters_changed).',
      labelNames: ['reason'],
      registers,
    });
    this.budget = new Gauge({
      name: 'openai_budget_usd',
      help: 'Configured spend budget in US dollars, per period (day or month) and optionally per project.',
      labelNames: ['period', 'project_id'],
      registers,
    });
  }

  pollFinished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void {
    const labels = { category, bucket_width: width };
    this.pollSuccess.set(labels, ok ? 1 : 0);
    this.pollDuration.observe(labels, seconds);
    this.polls.inc({ ...labels, result: ok ? 'success' : 'failure' });
    if (ok) this.lastSuccess.set(labels, atSeconds);
  }

  ledgerState(
    category: string,
    state: { series: number; folded: number; countedSince?: number; newestEnd?: number },
  ): void {
    this.series.set({ category }, state.series);
    // The ledger knows the running count (restored across restarts); the counter follows it.
    const foldedBefore = this.foldedSeen.get(category) ?? 0;
    if (state.folded > foldedBefore) this.folded.inc({ category }, state.folded - foldedBefore);
    this.foldedSeen.set(category, state.folded);
    if (state.countedSince !== undefined) this.countedSince.set({ category }, state.countedSince);
    if (state.newestEnd !== undefined) this.newestBucketEnd.set({ category }, state.newestEnd);
  }

  upstreamResponse(category: string, code: string): void {
    this.upstreamRequests.inc({ category, code });
  }

  upstreamRetry(category: string, reason: string): void {
    this.upstreamRetries.inc({ category, reason });
  }

  upstreamRateLimited(category: string): void {
    this.rateLimited.inc({ category });
  }

  downward(category: string, count: number): void {
    if (count > 0) this.downwardRevisions.inc({ category }, count);
  }

  malformed(category: string): void {
    this.malformedPages.inc({ category });
  }

  stateSaved(ok: boolean, atSeconds: number): void {
    this.stateSaves.inc({ result: ok ? 'success' : 'failure' });
    if (ok) this.stateLastSave.set(atSeconds);
  }

  stateRecovered(reason: string): void {
    this.stateRecoveries.inc({ reason });
  }

  setBudgets(budgets: readonly BudgetGauge[]): void {
    this.budget.reset();
    for (const budget of budgets) {
      this.budget.set({ period: budget.period, project_id: budget.projectId ?? '' }, budget.usd);
    }
  }

  /** Initialises the per-category series so dashboards show 0 rather than nothing before the first event. */
  declareCategory(category: string, widths: readonly string[]): void {
    this.declarePoller(category, widths);
    this.downwardRevisions.inc({ category }, 0);
    this.folded.inc({ category }, 0);
  }

  /**
   * The series every poller has, ledger or not: the names poller declares itself with
   * `category="names"` and the single width `""`, which Prometheus stores as no bucket_width label.
   */
  declarePoller(category: string, widths: readonly string[]): void {
    for (const width of widths) {
      this.polls.inc({ category, bucket_width: width, result: 'success' }, 0);
      this.polls.inc({ category, bucket_width: width, result: 'failure' }, 0);
    }
    for (const reason of ['rate_limited', 'server_error', 'network', 'timeout'])
      this.upstreamRetries.inc({ category, reason }, 0);
    this.rateLimited.inc({ category }, 0);
    this.malformedPages.inc({ category }, 0);
  }

  async render(): Promise<string> {
    const text = await this.registry.metrics();
    return (
      text
        // prom-client writes NaN as `Nan`; the text format spells it `NaN`.
        .replace(/ Nan$/gm, ' NaN')
        // prom-client also exports the sums of its per-type `nodejs_active_*` gauges as gauges with a
        // `_total` suffix, which the naming conventions (and `promtool check metrics`) reserve for
        // counters; the per-type families carry the same information, so the sums are left out.
        .replace(/^(?:# (?:HELP|TYPE) )?nodejs_active_(?:handles|requests|resources)_total\b.*\n/gm, '')
    );
  }
}
