// Polls one category at its widths and feeds the ledger. A failure (upstream error, malformed
// answer, refused bucket) fails this poll only: the ledger keeps the last good values and the
// next poll tries again.

import type { Logger } from 'pino';
import type { BucketWidth, CategorySpec } from '../catalog/categories.js';
import type { CategoryConfig } from '../config/config.js';
import type { Bucket, BucketQuery } from '../domain/bucket.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { LedgerRejectedError } from '../ledger/errors.js';
import { MalformedPageError, PaginationError, UpstreamError } from '../openai/index.js';
import { FailureLog } from './failure-log.js';
import { dayWindow, hourWindow, minuteWindow, type PollWindow, type WindowSettings } from './windows.js';

export interface BucketSource {
  fetchBuckets(query: BucketQuery, signal?: AbortSignal): Promise<{ readonly buckets: readonly Bucket[] }>;
}

export interface PollReporter {
  pollFinished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void;
  downward(category: string, count: number): void;
  malformed(category: string): void;
}

export interface TierProgress {
  /** Unix seconds of the last successful poll at this width (persisted: it drives backfill). */
  lastSuccess?: number;
  /** Set once the first poll at this width finished, successfully or not. */
  attempted: boolean;
  lastError?: string;
}

export class CategoryPoller {
  readonly progress: Partial<Record<BucketWidth, TierProgress>> = {};
  readonly #failureLogs = new Map<BucketWidth, FailureLog>();

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
    for (const width of this.widths) {
      this.progress[width] = { attempted: false };
      this.#failureLogs.set(width, new FailureLog(logger, `${width} poll`, nowMs));
    }
  }

  /** Widths this category is polled at: minutes and hours for usage, days for costs. */
  get widths(): readonly BucketWidth[] {
    return this.spec.polledWidths;
  }

  /** One poll at one width. Resolves true when the ledger changed; never rejects. */
  async poll(width: BucketWidth, signal?: AbortSignal): Promise<boolean> {
    const started = this.nowMs();
    const now = Math.floor(started / 1000);
    const progress = this.progress[width] ?? { attempted: false };
    this.progress[width] = progress;
    const window = this.windowFor(width, now, progress.lastSuccess);
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
          last_success: progress.lastSuccess,
        },
        'backfilling the gap since the last successful poll',
      );
    }
    try {
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
      progress.lastSuccess = now;
      delete progress.lastError;
      this.finish(width, progress, true, started);
      this.#failureLogs.get(width)?.succeeded({ bucket_width: width });
      this.logger.debug(
        {
          bucket_width: width,
          buckets: buckets.length,
          start_time: window.startTime,
        },
        'poll succeeded',
      );
      return outcome.changed;
    } catch (error) {
      // A cursor loop or a has_more without a cursor is an answer we cannot trust either.
      if (
        error instanceof MalformedPageError ||
        error instanceof PaginationError ||
        error instanceof LedgerRejectedError
      ) {
        this.reporter.malformed(this.spec.id);
      }
      if (signal?.aborted === true) {
        // Shutdown cut the poll short: nothing failed, and the next start polls this window again.
        this.logger.debug({ bucket_width: width }, 'poll aborted by shutdown');
        return false;
      }
      progress.lastError = describe(error);
      this.finish(width, progress, false, started);
      this.#failureLogs.get(width)?.failed(progress.lastError, { bucket_width: width });
      return false;
    }
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

  private finish(width: BucketWidth, progress: TierProgress, ok: boolean, startedMs: number): void {
    progress.attempted = true;
    const endedMs = this.nowMs();
    this.reporter.pollFinished(
      this.spec.id,
      width,
      ok,
      Math.max(0, endedMs - startedMs) / 1000,
      endedMs / 1000,
    );
  }
}

function describe(error: unknown): string {
  if (error instanceof UpstreamError || error instanceof LedgerRejectedError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
