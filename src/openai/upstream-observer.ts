// The poller turns these callbacks into self-metrics; the client itself never logs.

import type { CategoryId } from '../catalog/categories.js';
import { UpstreamNetworkError, UpstreamTimeoutError } from './errors.js';
import type { RetryReason } from './retry-policy.js';

/** `S` is what a client's requests are for: categories for the usage client, `names` for the directory. */
export interface UpstreamObserver<S extends string = CategoryId> {
  /** `code` is the HTTP status ('200', '429', …) or 'network' / 'timeout' when no status arrived. */
  onResponse?(category: S, code: string): void;
  onRetry?(category: S, reason: RetryReason, delayMs: number): void;
  onRateLimited?(category: S, retryAfterMs: number | undefined): void;
  /** A Retry-After beyond the backoff ceiling paused every request for `pauseMs`; once per such 429. */
  onPause?(category: S, pauseMs: number): void;
}

export type AttemptFailure = 'network' | 'timeout';

/** Which retryable failure an attempt hit, or `undefined` for anything that must not be retried. */
export function classifyFailure(error: unknown): AttemptFailure | undefined {
  if (error instanceof UpstreamTimeoutError) return 'timeout';
  if (error instanceof UpstreamNetworkError) return 'network';
  return undefined;
}
