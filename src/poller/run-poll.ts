// One way to run a poll, whatever is polled (a category at one width, the names listing), in the
// spirit of node_exporter's execute(): time it, classify how it ended, log it, record its duration
// and its success. A poller only says what one poll does; how a poll fails is the same for all, so
// a new poller cannot forget the failure log, the malformed count or the quiet shutdown.

import type { Logger } from 'pino';
import { LedgerRejectedError } from '../ledger/errors.js';
import { MalformedPageError, PaginationError, UpstreamError } from '../openai/index.js';
import { FailureLog } from './failure-log.js';

export interface TierProgress {
  /** Unix seconds of the last successful poll at this width (persisted: it drives backfill). */
  lastSuccess?: number;
  /** Set once the first poll at this width finished, successfully or not. */
  attempted: boolean;
  lastError?: string;
}

/** The self-metrics every poll feeds (SelfMetrics implements it). */
export interface PollOutcomeReporter {
  pollFinished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void;
  malformed(category: string): void;
}

/**
 * How a poll ended. `aborted`: shutdown cut it short, nothing failed. `bad_data`: an answer that
 * cannot be trusted (malformed page, endless pagination, a bucket the ledger refuses).
 * `upstream_error`: the upstream failed or refused. `failed`: anything else, most likely a bug.
 */
export type PollOutcome = 'success' | 'aborted' | 'bad_data' | 'upstream_error' | 'failed';

/** One subject polled at one width: where its polls are counted, remembered and logged. */
export interface PollTrack {
  /** The self-metrics' `category` label: a category id, or `names`. */
  readonly subject: string;
  /** The self-metrics' `bucket_width` label; `''` for none. */
  readonly width: string;
  readonly progress: TierProgress;
  readonly failures: FailureLog;
  readonly reporter: PollOutcomeReporter;
  readonly logger: Logger;
  readonly nowMs: () => number;
  /** Fields every line about this poll carries, e.g. its bucket_width. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The debug line of a successful poll. */
  readonly succeeded: string;
}

export interface PollTrackOptions {
  readonly subject: string;
  readonly width: string;
  readonly reporter: PollOutcomeReporter;
  readonly logger: Logger;
  readonly nowMs: () => number;
  /** What fails, as the failure log names it, e.g. `1m poll` or `names poll`. */
  readonly what: string;
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly succeeded: string;
}

export function pollTrack(options: PollTrackOptions): PollTrack {
  return {
    subject: options.subject,
    width: options.width,
    progress: { attempted: false },
    failures: new FailureLog(options.logger, options.what, options.nowMs),
    reporter: options.reporter,
    logger: options.logger,
    nowMs: options.nowMs,
    fields: options.fields ?? {},
    succeeded: options.succeeded,
  };
}

/** What one successful poll did. */
export interface PollWork {
  readonly changed: boolean;
  /** Fields for the debug line of the success. */
  readonly summary?: Readonly<Record<string, unknown>>;
}

export interface PollResult {
  readonly outcome: PollOutcome;
  /**
   * The poll changed what is exported. `runPoll` says false for every poll that did not succeed;
   * a category poll that failed after counting part of its answer says true, so that it is saved
   * (CategoryPoller.execute), though it is shown only once a poll succeeds.
   */
  readonly changed: boolean;
}

/** Runs one poll of `track`; never rejects. */
export async function runPoll(
  track: PollTrack,
  work: () => Promise<PollWork>,
  signal?: AbortSignal,
): Promise<PollResult> {
  const started = track.nowMs();
  const { progress, fields } = track;
  try {
    const { changed, summary } = await work();
    progress.lastSuccess = Math.floor(started / 1000);
    delete progress.lastError;
    finish(track, true, started);
    track.failures.succeeded({ ...fields });
    track.logger.debug({ ...fields, ...summary }, track.succeeded);
    return { outcome: 'success', changed };
  } catch (error) {
    const outcome = classifyFailure(error, signal);
    // Counted even when shutdown also cut the poll short: the answer was refused all the same.
    if (isBadData(error)) track.reporter.malformed(track.subject);
    if (outcome === 'aborted') {
      // Nothing failed, and the next start polls this window again.
      track.logger.debug({ ...fields }, 'poll aborted by shutdown');
      return { outcome, changed: false };
    }
    progress.lastError = describeFailure(error);
    finish(track, false, started);
    track.failures.failed(progress.lastError, { ...fields });
    return { outcome, changed: false };
  }
}

export function classifyFailure(error: unknown, signal?: AbortSignal): Exclude<PollOutcome, 'success'> {
  if (signal?.aborted === true) return 'aborted';
  if (isBadData(error)) return 'bad_data';
  if (error instanceof UpstreamError) return 'upstream_error';
  return 'failed';
}

/** A cursor loop or a has_more without a cursor is an answer we cannot trust either. */
function isBadData(error: unknown): boolean {
  return (
    error instanceof MalformedPageError ||
    error instanceof PaginationError ||
    error instanceof LedgerRejectedError
  );
}

/** The reason a poll failed, as logged and shown on the landing page. */
export function describeFailure(error: unknown): string {
  if (error instanceof UpstreamError || error instanceof LedgerRejectedError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function finish(track: PollTrack, ok: boolean, startedMs: number): void {
  track.progress.attempted = true;
  const endedMs = track.nowMs();
  track.reporter.pollFinished(
    track.subject,
    track.width,
    ok,
    Math.max(0, endedMs - startedMs) / 1000,
    endedMs / 1000,
  );
}
