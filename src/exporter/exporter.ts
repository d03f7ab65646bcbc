// The exporter without its process concerns (flags, signals, sockets), so tests can drive it
// with an injected clock and any upstream.

import type { Logger } from 'pino';
import type { CategoryId } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/config.js';
import { DEFAULT_PACING, type Pacing } from '../domain/pacing.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { ExpositionCache } from '../metrics/exposition-cache.js';
import type { PartSink } from '../metrics/fleet-exposition.js';
import { renderNames } from '../metrics/names-renderer.js';
import { DEFAULT_ORGANIZATION, type OrganizationMetrics, SelfMetrics } from '../metrics/self-metrics.js';
import type { BucketSource, CategoryPoller } from '../poller/category-poller.js';
import { LIMITS_WIDTH, type LimitsSource } from '../poller/limits-poller.js';
import { type DirectorySource, NAMES_WIDTH, NamesPoller } from '../poller/names-poller.js';
import { type PolledSubjects, pollIntervals, pollTasks } from '../poller/poll-tasks.js';
import type { PollTask } from '../poller/scheduler.js';
import type { RestoredCategories } from '../state/state-keeper.js';
import { budgetGauges } from './budget-gauges.js';
import { categoryPoller } from './category-pollers.js';
import { CategoryRenders } from './category-renders.js';
import { type EstimatePart, estimatePart } from './estimate-part.js';
import {
  exporterParts,
  LIMITS_PART,
  NAMES_PART,
  SELF_PART,
  ServedElsewhereError,
} from './exposition-parts.js';
import { LimitsView } from './limits-view.js';
import { persistThenPublish } from './persist-then-publish.js';
import { type Polling, type RunOptions, startPolling } from './polling.js';
import { VERSION } from './version.js';

export interface ExporterDeps {
  readonly config: ExporterConfig;
  readonly source: BucketSource;
  readonly logger: Logger;
  readonly nowMs: () => number;
  /** The `organization` label of every series; `default` unless named. */
  readonly organization?: string;
  /** This organization's reporter; a SelfMetrics of its own by default. */
  readonly metrics?: OrganizationMetrics;
  /** Where the rendered parts go (a FleetExposition's, with several organizations); by default its own cache. */
  readonly parts?: PartSink;
  /** Ledgers restored from saved state, by category. */
  readonly restored?: RestoredCategories;
  /** The admin listings; without it (or with --names.enabled=false) no names are exported. */
  readonly directory?: DirectorySource;
  /** The limits endpoints; without it (or with --limits.enabled=false) no limits are exported. */
  readonly limits?: LimitsSource;
  /** The spend estimate's section of the saved state, for the same organization. */
  readonly savedEstimate?: unknown;
  /** How renders and pricing after a poll share the event loop with scrapes; 2 ms slices by default. */
  readonly pacing?: Pacing;
}

export class Exporter {
  readonly organization: string;
  readonly metrics: OrganizationMetrics;
  readonly parts: PartSink;
  readonly #cache: ExpositionCache | undefined;
  readonly pollers: CategoryPoller[] = [];
  readonly names: NamesPoller | undefined;
  readonly limits: LimitsView | undefined;
  /** Undefined with --estimate.enabled=false. */
  readonly estimate: EstimatePart | undefined;
  readonly #renders: CategoryRenders;
  #running: Polling | undefined;

  constructor(private readonly deps: ExporterDeps) {
    const { config } = deps;
    this.organization = deps.organization ?? DEFAULT_ORGANIZATION;
    this.metrics =
      deps.metrics ??
      new SelfMetrics({
        version: VERSION,
        revision: process.env.OPENAI_EXPORTER_REVISION ?? 'unknown',
      }).organization(this.organization);
    const enabled = (Object.keys(config.categories) as CategoryId[]).filter(
      (id) => config.categories[id].enabled,
    );
    this.#cache = deps.parts === undefined ? new ExpositionCache(exporterParts(enabled)) : undefined;
    this.parts = deps.parts ?? (this.#cache as ExpositionCache);
    const pacing = deps.pacing ?? DEFAULT_PACING;
    this.#renders = new CategoryRenders(this.parts, deps.nowMs, pacing);
    for (const id of enabled) {
      const poller = categoryPoller(id, deps, this.metrics);
      this.pollers.push(poller);
      this.#renders.add(id, poller.ledger, this.organization);
      this.metrics.declareCategory(id, poller.widths);
    }
    this.metrics.setBudgets(budgetGauges(config));
    this.estimate = estimatePart(config, this.pollers, { ...deps, organization: this.organization, pacing });
    if (config.names.enabled && deps.directory !== undefined) {
      const logger = deps.logger.child({ category: NAMES_PART });
      this.names = new NamesPoller(deps.directory, this.metrics, logger, deps.nowMs);
      this.metrics.declarePoller(NAMES_PART, [NAMES_WIDTH]);
    }
    if (config.limits.enabled && deps.limits !== undefined) {
      const logger = deps.logger.child({ category: LIMITS_PART });
      const reporting = { reporter: this.metrics, logger, nowMs: deps.nowMs };
      this.limits = new LimitsView(deps.limits, this.names, reporting, this.organization);
      this.metrics.declarePoller(LIMITS_PART, [LIMITS_WIDTH]);
    }
  }

  /** What /metrics serves, when this exporter is served alone (no `parts` given). */
  get cache(): ExpositionCache {
    if (this.#cache === undefined) throw new ServedElsewhereError(this.organization);
    return this.#cache;
  }

  /**
   * Polls every category and the names on their schedules, rolls the date-dependent gauges over
   * at UTC midnight and keeps the self-metrics fresh, until stop().
   */
  start(options: RunOptions): void {
    if (this.#running !== undefined) return;
    const afterPoll = persistThenPublish(this, options.state);
    this.#running = startPolling(this.#tasks(afterPoll), this, this.deps.config, options);
  }

  /** Stops polling (a poll in flight is aborted) and saves the state one last time. */
  async stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    await running?.stop();
  }

  /** Every enabled category finished its first poll at every width (successfully or not). */
  get ready(): boolean {
    return this.pollers.every((poller) => poller.widths.every((width) => poller.progress[width]?.attempted));
  }

  /**
   * Polls every category at every width once, coarse widths first, then the names, then the
   * limits, sequentially.
   */
  async pollAll(): Promise<boolean> {
    const tasks = this.#tasks((poller, changed) => this.afterPoll(poller, changed));
    // Nothing stops a single round: its signal never aborts.
    const signal = new AbortController().signal;
    let allOk = true;
    for (const task of tasks) {
      const { outcome, changed } = await task.run(signal);
      if (outcome !== 'success') allOk = false;
      await task.onPolled?.(changed);
    }
    return allOk;
  }

  /** What the Scheduler polls. */
  get polled(): PolledSubjects {
    return { pollers: this.pollers, names: this.names, limits: this.limits?.poller };
  }

  /** Every poll as a Scheduler task; `afterPoll` runs after each category poll. */
  #tasks(afterPoll: (poller: CategoryPoller, changed: boolean) => Promise<void>): PollTask[] {
    return pollTasks(this.polled, pollIntervals(this.deps.config), {
      afterPoll: async (poller, width, changed) => {
        await afterPoll(poller, changed);
        if (this.limits?.feedsHeadroom(poller, width)) await this.afterMinutesPoll(poller);
      },
      afterNamesPoll: (changed) => this.afterNamesPoll(changed),
      afterLimitsPoll: (changed) => this.afterLimitsPoll(changed),
    });
  }

  /** Re-renders the info metrics when the names changed; a failed poll leaves the last ones served. */
  async afterNamesPoll(changed: boolean): Promise<void> {
    const names = this.names?.names;
    if (changed && names !== undefined) {
      const includeEmails = this.deps.config.names.includeEmails;
      const organization = this.organization;
      await this.parts.update(NAMES_PART, renderNames(names, { includeEmails, organization }));
    }
    this.limits?.namesPolled();
    await this.refreshSelfMetrics();
  }

  /**
   * Re-renders the limits and the headroom (the limit models decide what usage maps onto); a
   * failed poll leaves the last ones served.
   */
  async afterLimitsPoll(changed: boolean): Promise<void> {
    if (changed && this.limits !== undefined) await this.parts.update(LIMITS_PART, this.limits.render());
    await this.refreshSelfMetrics();
  }

  /** Recomputes the headroom from the trailing 1-minute window `poller`'s ledger now holds. */
  async afterMinutesPoll(poller: CategoryPoller): Promise<void> {
    if (this.limits === undefined) return;
    this.limits.minutesPolled(poller);
    // Before the first good limits poll there is nothing to map usage onto, and nothing to serve.
    if (this.limits.poller.snapshot !== undefined) await this.parts.update(LIMITS_PART, this.limits.render());
  }

  /** Brings what is derived from a poll's ledger (the estimate) up to date; true when it changed. */
  async derive(poller: CategoryPoller): Promise<boolean> {
    return (await this.estimate?.derive(poller)) ?? false;
  }

  /** Re-renders what a poll changed (after deriving the estimate from it, unless told not to), then the self-metrics. */
  async afterPoll(poller: CategoryPoller, changed: boolean, derive = true): Promise<void> {
    if (derive) await this.derive(poller);
    await this.estimate?.publish(this.parts);
    const id = poller.spec.id;
    const ledger = poller.ledger;
    this.metrics.ledgerState(id, {
      series: ledger.series.exportedCount,
      folded: ledger.series.folded,
      ...(ledger.countedSince === undefined ? {} : { countedSince: ledger.countedSince }),
      ...(ledger.newestBucketEnd === undefined ? {} : { newestEnd: ledger.newestBucketEnd }),
    });
    // While the upstream fails midway through answers, the category keeps its last good values;
    // the estimate may already price what those answers counted (they are valid, and saved).
    if (!poller.holdsUnfinishedAnswer) await this.#renders.afterPoll(id, ledger, changed);
    await this.refreshSelfMetrics();
  }

  /** Re-renders what depends on the date (the cost gauges) at a UTC day boundary, without a poll. */
  async rollOver(): Promise<void> {
    await this.#renders.rollOver();
    // The settled day the estimate is compared on moves with the date.
    await this.estimate?.publish(this.parts, true);
  }

  /** Renders every category now: restored counters are served before the first poll ends. */
  async renderAll(): Promise<void> {
    // What was saved, as it was saved: growth priced now would be served before it is durable.
    for (const poller of this.pollers) await this.afterPoll(poller, true, false);
  }

  /**
   * Resolves once the served self-metrics include everything reported before the call; in a fleet
   * the organizations' refreshes in one burst share a render of the one registry they report to.
   */
  refreshSelfMetrics(): Promise<void> {
    return this.parts.refresh(SELF_PART, () => this.metrics.render());
  }

  ledger(category: CategoryId): CategoryLedger | undefined {
    return this.pollers.find((poller) => poller.spec.id === category)?.ledger;
  }
}
