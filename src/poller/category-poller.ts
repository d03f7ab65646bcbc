// Polls one category at its widths and feeds the ledger. A failure (upstream error, malformed
// answer, refused bucket) fails this poll only: the ledger keeps the last good values and the
// next poll tries again.

import type { Logger } from 'pino';
import type { BucketWidth, CategorySpec } from '../catalog/categories.js';
import type { CategoryConfig } from '../config/config.js';
import type { Bucket, BucketPart, BucketQuery } from '../domain/bucket.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import type { IngestOptions, IngestOutcome } from '../ledger/ingest-outcome.js';
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
  /**
   * Preferred when present: the answer handed to `sink` in parts as it is read (whole buckets or
   * runs of one bucket's rows, in answer order), so a large window is never held whole.
   */
  streamBuckets?(
    query: BucketQuery,
    sink: (parts: readonly BucketPart[]) => void,
    signal?: AbortSignal,
  ): Promise<unknown>;
}

export interface PollReporter extends PollOutcomeReporter {
  downward(category: string, count: number): void;
}

export class CategoryPoller {
  readonly progress: Partial<Record<BucketWidth, PollTrack['progress']>> = {};
  readonly #tracks = new Map<BucketWidth, PollTrack>();
  #unfinished = false;

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
  async execute(width: BucketWidth, signal?: AbortSignal): Promise<PollResult> {
    const track = this.#track(width);
    const revision = this.ledger.revision;
    const result = await runPoll(track, () => this.#poll(width, track.progress.lastSuccess, signal), signal);
    if (result.outcome === 'success') {
      this.#unfinished = false;
      return result;
    }
    if (this.ledger.revision === revision) return result;
    // A streamed answer that fails midway keeps the parts it counted: they are valid, values only
    // grow, and the next poll reads the window again. They are saved now (changed), and shown once
    // a poll succeeds: until then /metrics keeps the last good values. One cut short by shutdown is
    // left to the final save: a save after every aborted poll made shutdown miss its deadline.
    this.#unfinished = true;
    return result.outcome === 'aborted' ? result : { ...result, changed: true };
  }

  /**
   * A poll failed after counting part of its answer and none has succeeded since: the ledger holds
   * counts that are saved but not yet shown.
   */
  get holdsUnfinishedAnswer(): boolean {
    return this.#unfinished;
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
    const { outcome, buckets } = await this.#ingest(query, window, signal);
    this.prune(width, window);
    if (outcome.downwardRevisions > 0) {
      this.reporter.downward(this.spec.id, outcome.downwardRevisions);
      this.logger.warn(
        { bucket_width: width, rows: outcome.downwardRevisions },
        'upstream revised bucket values downwards; keeping the higher values already counted',
      );
    }
    if (window.backfill === true) {
      this.logger.info({ bucket_width: width, buckets }, 'backfill done');
    }
    return {
      changed: outcome.changed,
      summary: { buckets, start_time: window.startTime },
    };
  }

  /** Reads the window into the ledger, in parts as they arrive when the source can stream. */
  async #ingest(
    query: BucketQuery,
    window: PollWindow,
    signal: AbortSignal | undefined,
  ): Promise<{ outcome: IngestOutcome; buckets: number }> {
    const fineWidth = this.ledger.layout.fineWidth;
    const fine = fineWidth === undefined ? undefined : this.progress[fineWidth];
    const options: IngestOptions = {
      fineFailing: fine?.lastSuccess === undefined || fine.lastError !== undefined,
      ...(window.countFrom === undefined ? {} : { countFrom: window.countFrom }),
    };
    const source = this.source;
    if (source.streamBuckets === undefined) {
      const { buckets } = await source.fetchBuckets(query, signal);
      const now = Math.floor(this.nowMs() / 1000);
      return { outcome: this.ledger.ingest(query.width, buckets, now, options), buckets: buckets.length };
    }
    const run = this.ledger.beginIngest(query.width, Math.floor(this.nowMs() / 1000), options);
    let buckets = 0;
    await source.streamBuckets(
      query,
      (parts) => {
        for (const part of parts) if (part.first) buckets += 1;
        run.add(parts);
      },
      signal,
    );
    return { outcome: run.finish(), buckets };
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
