// The organization's own limits as the exporter serves them: the limits poller, and the
// rate-limit headroom computed from the 1-minute usage the ledgers hold. The peaks are recomputed
// after every 1-minute poll of a category counted against rate limits, and after every limits
// poll, since the limit models decide what a usage model maps onto.

import type { BucketWidth, CategoryId } from '../catalog/categories.js';
import { renderLimits } from '../metrics/limits-renderer.js';
import type { CategoryPoller } from '../poller/category-poller.js';
import { type Headroom, headroom, type MinuteUsage } from '../poller/headroom.js';
import { countsAgainstRateLimits, minuteUsageOf } from '../poller/headroom-usage.js';
import { LimitsPoller, type LimitsReporting, type LimitsSource } from '../poller/limits-poller.js';
import type { NamesPoller } from '../poller/names-poller.js';

const MINUTE: BucketWidth = '1m';

export class LimitsView {
  readonly poller: LimitsPoller;
  /** Per category, its rows of the trailing 1-minute window as of its last 1-minute poll. */
  readonly #minutes = new Map<CategoryId, readonly MinuteUsage[]>();
  readonly #namesTried: Promise<void>;
  #namesPolled: () => void = () => undefined;

  /**
   * The projects are the active ones of the names poller's last good listing. Without a names
   * poller (--names.enabled=false) only the organization's limits are read: the admin key may
   * lack the listing permission, and no other source says which projects exist.
   */
  constructor(
    source: LimitsSource,
    private readonly names: NamesPoller | undefined,
    reporting: LimitsReporting,
    private readonly organization: string,
  ) {
    this.#namesTried = new Promise((resolve) => {
      this.#namesPolled = resolve;
    });
    this.poller = new LimitsPoller(source, (signal) => this.#activeProjectIds(signal), reporting);
  }

  /** Called after every names poll; the first limits poll waits for the first one to end. */
  namesPolled(): void {
    this.#namesPolled();
  }

  /** Whether a poll of `poller` at `width` can move the headroom. */
  feedsHeadroom(poller: CategoryPoller, width: string): boolean {
    return width === MINUTE && countsAgainstRateLimits(poller.spec.id);
  }

  /** Re-reads the 1-minute usage `poller`'s ledger holds now; its pruning moves the trailing window. */
  minutesPolled(poller: CategoryPoller): void {
    const id = poller.spec.id;
    if (!countsAgainstRateLimits(id)) return;
    const { ledger } = poller;
    this.#minutes.set(id, minuteUsageOf(id, ledger.layout.labelNames, ledger.fineBuckets()));
  }

  /** The peaks against the limits of the last good poll; undefined until one succeeded. */
  headroom(): Headroom | undefined {
    const snapshot = this.poller.snapshot;
    if (snapshot === undefined) return undefined;
    const models = new Map(snapshot.projects.map((p) => [p.projectId, p.rateLimits.map((r) => r.model)]));
    return headroom([...this.#minutes.values()].flat(), (projectId) => models.get(projectId) ?? []);
  }

  render(): string {
    return renderLimits(this.poller.snapshot, this.headroom(), this.organization);
  }

  async #activeProjectIds(signal: AbortSignal | undefined): Promise<readonly string[]> {
    const names = this.names;
    if (names === undefined) return [];
    // Without this wait the first limits poll, which starts with the names poll, would find no
    // projects and export only the organization's limits for a whole limits interval.
    await untilAborted(this.#namesTried, signal);
    signal?.throwIfAborted();
    return (names.names?.projects ?? []).filter((p) => p.status === 'active').map((p) => p.id);
  }
}

/** Resolves when `promise` does or when `signal` aborts, whichever comes first. */
function untilAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return promise;
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void promise.then(done);
  });
}
