// Polls one category at its widths and feeds the ledger. A failure (upstream error, malformed
// answer, refused bucket) fails this poll only: the ledger keeps the last good values and the
// next poll tries again.

import type { Logger } from 'pino';
import type { BucketWidth, CategorySpec } from '../catalog/categories.js';
import type { CategoryConfig } from '../config/config.js';
import type { Bucket, BucketQuery } from '../domain/bucket.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import {
  type PollOutcomeReporter,
  type PollResult,
  type PollTrack,
  type PollWork,
  pollTrack,
  runPoll,
} from './run-poll.js';
import { dayWindow, hourWindow, minuteWindow, type PollWindow, type WindowSettings } from './windows.js';

export type { TierProgress } from './run-poll.js';

export interface BucketSource {
  fetchBuckets(query: BucketQuery, signal?: AbortSignal): Promise<{ readonly buckets: readonly Bucket[] }>;
}

export interface PollReporter extends PollOutcomeReporter {
  downward(category: string, count: number): void;
}

export class CategoryPoller {
  readonly progress: Partial<Record<BucketWidth, PollTrack['progress']>> = {};
  readonly #tracks = new Map<BucketWidth, PollTrack>();

  constructor(
    readonly spec: CategorySpec,
    private readonly config: CategoryConfig,
    readonly ledger: CategoryLedger,
    private readonly source: BucketSource,
    private readonly settings: WindowSettings,
    private readonly reporter: PollReporter,
    private readonly logger: Logger,
    private readonly nowMs: () => number,
  ) {
    for (const width of this.widths) this.#track(width);
  }

  /** Widths this category is polled at: minutes and hours for usage, days for costs. */
  get widths(): readonly BucketWidth[] {
    return this.spec.polledWidths;
  }

  /** One poll at one width. Resolves true when the ledger changed; never rejects. */
  async poll(width: BucketWidth, signal?: AbortSignal): Promise<boolean> {
    return (await this.execute(width, signal)).changed;
  }

  /** One poll at one width, with how it ended; never rejects. */
  execute(width: BucketWidth, signal?: AbortSignal): Promise<PollResult> {
    const track = this.#track(width);
    return runPoll(track, () => this.#poll(width, track.progress.lastSuccess, signal), signal);
  }

  #track(width: BucketWidth): PollTrack {
    let track = this.#tracks.get(width);
    if (track === undefined) {
      track = pollTrack({
        subject: this.spec.id,
        width,
        reporter: this.reporter,
        logger: this.logger,
        nowMs: this.nowMs,
        what: `${width} poll`,
        fields: { bucket_width: width },
        succeeded: 'poll succeeded',
      });
      this.#tracks.set(width, track);
      this.progress[width] = track.progress;
    }
    return track;
  }

  async #poll(width: BucketWidth, lastSuccess: number | undefined, signal?: AbortSignal): Promise<PollWork> {
    const now = Math.floor(this.nowMs() / 1000);
    const window = this.windowFor(width, now, lastSuccess);
    const query: BucketQuery = {
      category: this.spec.id,
      width,
      startTime: window.startTime,
      groupBy: this.config.groupBy,
      filters: this.config.filters,
    };
    if (window.backfill === true) {
      this.logger.info(
        {
          bucket_width: width,
          from: new Date(window.startTime * 1000).toISOString(),
          last_success: lastSuccess,
        },
        'backfilling the gap since the last successful poll',
      );
    }
    const { buckets } = await this.source.fetchBuckets(query, signal);
    const fineWidth = this.ledger.layout.fineWidth;
    const fine = fineWidth === undefined ? undefined : this.progress[fineWidth];
    const fineFailing = fine?.lastSuccess === undefined || fine.lastError !== undefined;
    const outcome = this.ledger.ingest(width, buckets, Math.floor(this.nowMs() / 1000), {
      fineFailing,
      ...(window.countFrom === undefined ? {} : { countFrom: window.countFrom }),
    });
    this.prune(width, window);
    if (outcome.downwardRevisions > 0) {
      this.reporter.downward(this.spec.id, outcome.downwardRevisions);
      this.logger.warn(
        { bucket_width: width, rows: outcome.downwardRevisions },
        'upstream revised bucket values downwards; keeping the higher values already counted',
      );
    }
    if (window.backfill === true) {
      this.logger.info({ bucket_width: width, buckets: buckets.length }, 'backfill done');
    }
    return {
      changed: outcome.changed,
      summary: { buckets: buckets.length, start_time: window.startTime },
    };
  }

  private windowFor(width: BucketWidth, now: number, lastSuccess: number | undefined): PollWindow {
    if (width === '1m') return minuteWindow(now, this.settings);
    if (width === '1h') return hourWindow(now, lastSuccess, this.settings);
    return dayWindow(now, lastSuccess, this.settings);
  }

  private prune(width: BucketWidth, window: PollWindow): void {
    if (width === '1m') this.ledger.prune(Number.NEGATIVE_INFINITY, window.pruneBefore);
    else this.ledger.prune(window.pruneBefore);
  }
}
