// When and how long to wait before re-asking the upstream. Retry-After wins when the server sent one
// (it knows its own limits); otherwise exponential backoff with full jitter spreads the categories out.

export type RetryReason = 'rate_limited' | 'server_error' | 'network' | 'timeout';

/** The retry reason for an HTTP status, or `undefined` when the status must not be retried. */
export function retryReasonForStatus(status: number): RetryReason | undefined {
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500 && status <= 599) return 'server_error';
  return undefined;
}

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms` or `Retry-After` (delta seconds or an
 * HTTP date); `undefined` when absent or unparseable. Never negative.
 */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null) {
    const value = parseNonNegativeNumber(ms);
    if (value !== undefined) return value;
  }
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const seconds = parseNonNegativeNumber(raw);
  if (seconds !== undefined) return seconds * 1000;
  // Date.parse is lenient ("-3" is a year); an HTTP date always names a weekday or month.
  const date = /[A-Za-z]/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function parseNonNegativeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * Longest pause a Retry-After can impose on every category. The upstream documents integer
 * seconds and the SDKs give up beyond 2 min; an answer asking for an hour or a day is more likely
 * a misbehaving proxy than a real limit, and ten minutes of silence is already plainly visible.
 */
export const MAX_RATE_LIMIT_PAUSE_MS = 10 * 60 * 1000;

export interface BackoffSettings {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly random: () => number;
}

/** Full jitter: uniform in [0, min(max, base·2^attempt)), attempt counting from 0. */
export function backoffDelay(attempt: number, settings: BackoffSettings): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** attempt);
  return Math.floor(settings.random() * ceiling);
}
