// The exporter's own health, in prom-client (small, low-cardinality families), on a private
// registry so nothing else in the process can add to it. The families are declared in
// `self/families.ts` and moved by the groups beside it; this class is their one interface.

import { collectDefaultMetrics, Registry } from 'prom-client';
import { type BudgetGauge, BudgetMetrics } from './self/budget-metrics.js';
import { createFamilies } from './self/families.js';
import { IngestMetrics, type LedgerStateReport } from './self/ingest-metrics.js';
import { PollMetrics } from './self/poll-metrics.js';
import { StateMetrics } from './self/state-metrics.js';
import { UpstreamMetrics } from './self/upstream-metrics.js';

export type { BudgetGauge };

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
}

export class SelfMetrics {
  readonly registry = new Registry();
  private readonly polls: PollMetrics;
  private readonly upstream: UpstreamMetrics;
  private readonly ingest: IngestMetrics;
  private readonly state: StateMetrics;
  private readonly budgets: BudgetMetrics;

  constructor(build: BuildInfo) {
    collectDefaultMetrics({ register: this.registry });
    const families = createFamilies(this.registry);
    const { version, revision } = build;
    families.buildInfo.set({ version, revision, nodejs_version: process.version }, 1);
    this.polls = new PollMetrics(families);
    this.upstream = new UpstreamMetrics(families);
    this.ingest = new IngestMetrics(families);
    this.state = new StateMetrics(families, this.registry);
    this.budgets = new BudgetMetrics(families);
  }

  pollFinished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void {
    this.polls.finished(category, width, ok, seconds, atSeconds);
  }

  ledgerState(category: string, state: LedgerStateReport): void {
    this.ingest.ledgerState(category, state);
    if (state.newestEnd !== undefined) this.polls.newestBucket(category, state.newestEnd);
  }

  upstreamResponse(category: string, code: string): void {
    this.upstream.response(category, code);
  }

  upstreamRetry(category: string, reason: string): void {
    this.upstream.retry(category, reason);
  }

  upstreamRateLimited(category: string): void {
    this.upstream.limited(category);
  }

  downward(category: string, count: number): void {
    this.ingest.downward(category, count);
  }

  malformed(category: string): void {
    this.ingest.malformed(category);
  }

  stateSaved(ok: boolean, atSeconds: number): void {
    this.state.saved(ok, atSeconds);
  }

  /** Every family, including the ones exposed only after their first event, for the docs. */
  allFamilies(): ReturnType<Registry['getMetricsAsArray']> {
    return this.state.withLastSave(this.registry.getMetricsAsArray());
  }

  stateRecovered(reason: string): void {
    this.state.recovered(reason);
  }

  setBudgets(budgets: readonly BudgetGauge[]): void {
    this.budgets.set(budgets);
  }

  /** Initialises the per-category series so dashboards show 0 rather than nothing before the first event. */
  declareCategory(category: string, widths: readonly string[]): void {
    this.declarePoller(category, widths);
    this.ingest.declareLedger(category);
  }

  /**
   * The series every poller has, ledger or not: the names poller declares itself with
   * `category="names"` and the single width `""`, exposed without a bucket_width label.
   */
  declarePoller(category: string, widths: readonly string[]): void {
    this.polls.declare(category, widths);
    this.upstream.declare(category);
    this.ingest.declarePoller(category);
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
