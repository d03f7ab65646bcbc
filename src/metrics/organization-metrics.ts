// One organization's view of the self-metrics: the same reports as before several organizations,
// each labelled with the organization, so pollers, the state keeper and the upstream observers
// need not know there are others.

import type { BudgetGauge, BudgetMetrics } from './self/budget-metrics.js';
import type { IngestMetrics, LedgerStateReport } from './self/ingest-metrics.js';
import type { KeyMetrics } from './self/key-metrics.js';
import type { PollMetrics } from './self/poll-metrics.js';
import type { StateMetrics } from './self/state-metrics.js';
import type { UpstreamMetrics } from './self/upstream-metrics.js';

/** What one organization's exporter reports; SelfMetrics.organization(name) hands one out. */
export interface OrganizationMetrics {
  /** The `organization` label value. */
  readonly name: string;
  pollFinished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void;
  ledgerState(category: string, state: LedgerStateReport): void;
  upstreamResponse(category: string, code: string): void;
  upstreamRetry(category: string, reason: string): void;
  upstreamRateLimited(category: string): void;
  downward(category: string, count: number): void;
  malformed(category: string): void;
  stateSaved(ok: boolean, atSeconds: number): void;
  stateRecovered(reason: string): void;
  setBudgets(budgets: readonly BudgetGauge[]): void;
  /** Initialises the per-category series so dashboards show 0 rather than nothing before the first event. */
  declareCategory(category: string, widths: readonly string[]): void;
  /**
   * The series every poller has, ledger or not: the names poller declares itself with
   * `category="names"` and the single width `""`, exposed without a bucket_width label.
   */
  declarePoller(category: string, widths: readonly string[]): void;
  /** Declares the key's series: the organization's key may be rotated (a fleet checks it). */
  declareKey(): void;
  /** A rotated key answered for another organization and was refused. */
  organizationMismatch(): void;
  /** A changed key file held no usable key. */
  adminKeyRejected(): void;
  /** Every organization's self-metrics (they share one registry), as exposition text. */
  render(): Promise<string>;
}

/** The groups of families the reports move. */
export interface SelfGroups {
  readonly polls: PollMetrics;
  readonly upstream: UpstreamMetrics;
  readonly ingest: IngestMetrics;
  readonly state: StateMetrics;
  readonly budgets: BudgetMetrics;
  readonly keys: KeyMetrics;
}

export class OrganizationReporter implements OrganizationMetrics {
  constructor(
    readonly name: string,
    private readonly groups: SelfGroups,
    private readonly renderAll: () => Promise<string>,
  ) {}

  pollFinished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void {
    this.groups.polls.finished(this.name, category, width, ok, seconds, atSeconds);
  }

  ledgerState(category: string, state: LedgerStateReport): void {
    this.groups.ingest.ledgerState(this.name, category, state);
    if (state.newestEnd !== undefined) this.groups.polls.newestBucket(this.name, category, state.newestEnd);
  }

  upstreamResponse(category: string, code: string): void {
    this.groups.upstream.response(this.name, category, code);
  }

  upstreamRetry(category: string, reason: string): void {
    this.groups.upstream.retry(this.name, category, reason);
  }

  upstreamRateLimited(category: string): void {
    this.groups.upstream.limited(this.name, category);
  }

  downward(category: string, count: number): void {
    this.groups.ingest.downward(this.name, category, count);
  }

  malformed(category: string): void {
    this.groups.ingest.malformed(this.name, category);
  }

  stateSaved(ok: boolean, atSeconds: number): void {
    this.groups.state.saved(this.name, ok, atSeconds);
  }

  stateRecovered(reason: string): void {
    this.groups.state.recovered(this.name, reason);
  }

  setBudgets(budgets: readonly BudgetGauge[]): void {
    this.groups.budgets.set(this.name, budgets);
  }

  declareCategory(category: string, widths: readonly string[]): void {
    this.declarePoller(category, widths);
    this.groups.ingest.declareLedger(this.name, category);
  }

  declarePoller(category: string, widths: readonly string[]): void {
    this.groups.polls.declare(this.name, category, widths);
    this.groups.upstream.declare(this.name, category);
    this.groups.ingest.declarePoller(this.name, category);
  }

  declareKey(): void {
    this.groups.keys.declare(this.name);
  }

  organizationMismatch(): void {
    this.groups.keys.mismatch(this.name);
  }

  adminKeyRejected(): void {
    this.groups.keys.rejected(this.name);
  }

  render(): Promise<string> {
    return this.renderAll();
  }
}
