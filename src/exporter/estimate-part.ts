// The spend estimate in the running exporter: after a poll changed a ledger it prices the usage
// counters' growth, after a costs poll it learns prices from the bill, and it renders the estimate
// families. It reads the ledgers after they changed; it has no hook in their hot path.

import type { Logger } from 'pino';
import { COSTS_CATEGORY } from '../catalog/costs-category.js';
import type { ExporterConfig } from '../config/config.js';
import type { Pacing } from '../domain/pacing.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { renderEstimate } from '../metrics/estimate-renderer.js';
import type { CategoryPoller } from '../poller/category-poller.js';
import { Estimator } from '../pricing/estimator.js';
import { cannotLearn } from '../pricing/ledger-bill.js';
import type { SavedEstimate } from '../pricing/saved-estimate.js';

/** The exposition part the estimate is served in. */
export const ESTIMATE_PART = 'estimate';

export interface EstimatePartDeps {
  readonly config: ExporterConfig;
  readonly pollers: readonly CategoryPoller[];
  readonly logger: Logger;
  readonly nowMs: () => number;
  /** The `organization` label of the estimate's series. */
  readonly organization: string;
  /** The saved section of the state file, for this organization. */
  readonly saved?: unknown;
  /** Whether each category's ledger was restored from the state file. */
  readonly restored: (poller: CategoryPoller) => boolean;
  /** How pricing shares the event loop with scrapes. */
  readonly pacing: Pacing;
}

export class EstimatePart {
  private readonly estimator: Estimator;
  private readonly costs: CategoryPoller | undefined;
  private readonly usage: readonly CategoryLedger[];
  /** The ledger revision last looked at: a second look at the same revision is skipped. */
  private readonly looked = new Map<CategoryLedger, number>();
  private readonly named = new Set<string>();
  private unmapped = 0;
  /** Set when the estimate changed since it was last rendered. */
  private dirty = true;
  /** Derives run one at a time: a look pauses for the event loop, and two must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EstimatePartDeps) {
    const now = this.nowSeconds();
    this.estimator = new Estimator({ saved: deps.saved });
    this.costs = deps.pollers.find((poller) => poller.spec === COSTS_CATEGORY);
    this.usage = deps.pollers.filter((poller) => poller !== this.costs).map((poller) => poller.ledger);
    for (const poller of deps.pollers) {
      if (poller === this.costs) continue;
      this.estimator.track(poller.ledger, deps.restored(poller) ? 'restored' : 'fresh', now);
    }
    const why = this.costs === undefined ? 'costs are not polled' : cannotLearn(this.costs.ledger);
    if (why !== undefined) {
      deps.logger.warn(
        { reason: why },
        `the spend estimate uses list prices only: ${why}, so no prices are learned from the bill`,
      );
    }
    if (this.costs === undefined) this.estimator.withoutBill();
  }

  /**
   * Brings the estimate up to date with a poll's ledger; true when what is saved changed. Prices
   * wait for the first costs poll: a fresh start would otherwise price a whole day at list prices.
   */
  derive(poller: CategoryPoller): Promise<boolean> {
    const derived = this.queue.then(() => this.deriving(poller));
    this.queue = derived.catch(() => undefined);
    return derived;
  }

  private async deriving(poller: CategoryPoller): Promise<boolean> {
    const ledger = poller.ledger;
    if (this.looked.get(ledger) === ledger.revision) return false;
    const now = this.nowSeconds();
    const pacing = this.deps.pacing;
    if (poller !== this.costs) {
      this.looked.set(ledger, ledger.revision);
      return this.note(await this.estimator.observePaced(ledger, now, pacing));
    }
    const billSeen =
      ledger.countedSince !== undefined || poller.widths.every((w) => poller.progress[w]?.attempted);
    if (!billSeen) return false;
    this.looked.set(ledger, ledger.revision);
    const learned = await this.estimator.learnPaced(ledger, now, pacing);
    this.unmapped = learned?.skipped.length ?? 0;
    for (const { lineItem, reason } of learned?.skipped ?? []) {
      if (this.named.has(lineItem)) continue;
      this.named.add(lineItem);
      this.deps.logger.info({ line_item: lineItem, reason }, 'line item not priced by the estimate');
    }
    // Growth that waited for the bill is priced now.
    let grown = false;
    for (const usage of this.usage) grown = (await this.estimator.observePaced(usage, now, pacing)) || grown;
    this.dirty = true;
    return grown;
  }

  /** Serves the estimate families, when something changed since they were last served (or `always`). */
  async publish(
    cache: { update(key: string, content: string): Promise<void> },
    always = false,
  ): Promise<void> {
    const text = this.render(always);
    if (text !== undefined) await cache.update(ESTIMATE_PART, text);
  }

  private render(always: boolean): string | undefined {
    if (!this.dirty && !always) return undefined;
    this.dirty = false;
    const now = this.nowSeconds();
    const ratios =
      this.costs === undefined ? new Map<string, number>() : this.estimator.ratios(this.costs.ledger, now);
    const { spend, unpriced, prices } = this.estimator;
    const view = { spend, unpriced, prices, ratios, unmappedLineItems: this.unmapped };
    return renderEstimate(view, this.deps.organization);
  }

  /** A copy made now, for the state file (saved at the same instant as the ledgers). */
  saved(): SavedEstimate {
    return this.estimator.saved();
  }

  private note(changed: boolean): boolean {
    if (changed) this.dirty = true;
    return changed;
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.nowMs() / 1000);
  }
}

/** The estimate of an exporter, or undefined with --estimate.enabled=false. */
export function estimatePart(
  config: ExporterConfig,
  pollers: readonly CategoryPoller[],
  deps: {
    readonly logger: Logger;
    readonly nowMs: () => number;
    readonly organization: string;
    readonly savedEstimate?: unknown;
    readonly restored?: ReadonlyMap<string, unknown>;
    readonly pacing: Pacing;
  },
): EstimatePart | undefined {
  if (!config.estimate.enabled) return undefined;
  return new EstimatePart({
    config,
    pollers,
    logger: deps.logger.child({ category: ESTIMATE_PART }),
    nowMs: deps.nowMs,
    organization: deps.organization,
    saved: deps.savedEstimate,
    restored: (poller) => deps.restored?.has(poller.spec.id) === true,
    pacing: deps.pacing,
  });
}
