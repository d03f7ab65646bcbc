// The exporter's own health, in prom-client (small, low-cardinality families), on a private
// registry so nothing else in the process can add to it. The families are declared in
// `self/families.ts` and moved by the groups beside it; each organization reports through its
// own OrganizationMetrics, and this class renders them all.

import { collectDefaultMetrics, Registry } from 'prom-client';
import { type OrganizationMetrics, OrganizationReporter, type SelfGroups } from './organization-metrics.js';
import { type BudgetGauge, BudgetMetrics } from './self/budget-metrics.js';
import { createFamilies } from './self/families.js';
import { IngestMetrics, type LedgerStateReport } from './self/ingest-metrics.js';
import { KeyMetrics } from './self/key-metrics.js';
import { PollMetrics } from './self/poll-metrics.js';
import { StateMetrics } from './self/state-metrics.js';
import { UpstreamMetrics } from './self/upstream-metrics.js';

export type { BudgetGauge, OrganizationMetrics };

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
}

/** The organization of an exporter run without an `organizations:` list, unless named otherwise. */
export const DEFAULT_ORGANIZATION = 'default';

/**
 * Also an OrganizationMetrics itself, for the organization named `default`: callers with one
 * organization and no name for it (tests, tools) report straight to it.
 */
export class SelfMetrics implements OrganizationMetrics {
  readonly registry = new Registry();
  readonly name = DEFAULT_ORGANIZATION;
  private readonly groups: SelfGroups;
  private readonly state: StateMetrics;
  private readonly reporters = new Map<string, OrganizationReporter>();

  constructor(build: BuildInfo) {
    collectDefaultMetrics({ register: this.registry });
    const families = createFamilies(this.registry);
    const { version, revision } = build;
    families.buildInfo.set({ version, revision, nodejs_version: process.version }, 1);
    this.state = new StateMetrics(families, this.registry);
    this.groups = {
      polls: new PollMetrics(families),
      upstream: new UpstreamMetrics(families),
      ingest: new IngestMetrics(families),
      state: this.state,
      budgets: new BudgetMetrics(families),
      keys: new KeyMetrics(families),
    };
  }

  /** The reporter whose series carry `organization="<name>"`; the same one for the same name. */
  organization(name: string): OrganizationMetrics {
    let reporter = this.reporters.get(name);
    if (reporter === undefined) {
      reporter = new OrganizationReporter(name, this.groups, () => this.render());
      this.reporters.set(name, reporter);
    }
    return reporter;
  }

  private get default(): OrganizationMetrics {
    return this.organization(DEFAULT_ORGANIZATION);
  }

  pollFinished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void {
    this.default.pollFinished(category, width, ok, seconds, atSeconds);
  }

  ledgerState(category: string, state: LedgerStateReport): void {
    this.default.ledgerState(category, state);
  }

  upstreamResponse(category: string, code: string): void {
    this.default.upstreamResponse(category, code);
  }

  upstreamRetry(category: string, reason: string): void {
    this.default.upstreamRetry(category, reason);
  }

  upstreamRateLimited(category: string): void {
    this.default.upstreamRateLimited(category);
  }

  downward(category: string, count: number): void {
    this.default.downward(category, count);
  }

  malformed(category: string): void {
    this.default.malformed(category);
  }

  stateSaved(ok: boolean, atSeconds: number): void {
    this.default.stateSaved(ok, atSeconds);
  }

  stateRecovered(reason: string): void {
    this.default.stateRecovered(reason);
  }

  setBudgets(budgets: readonly BudgetGauge[]): void {
    this.default.setBudgets(budgets);
  }

  declareCategory(category: string, widths: readonly string[]): void {
    this.default.declareCategory(category, widths);
  }

  declarePoller(category: string, widths: readonly string[]): void {
    this.default.declarePoller(category, widths);
  }

  declareKey(): void {
    this.default.declareKey();
  }

  organizationMismatch(): void {
    this.default.organizationMismatch();
  }

  adminKeyRejected(): void {
    this.default.adminKeyRejected();
  }

  /** Every family, including the ones exposed only after their first event, for the docs. */
  allFamilies(): ReturnType<Registry['getMetricsAsArray']> {
    return this.state.withLastSave(this.registry.getMetricsAsArray());
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
