// Typed failures of the upstream client. The poller tells them apart to pick a self-metric reason
// and decides, per category, to keep the last good values; none of them is fatal to the process.

import { ExporterError } from '../errors.js';
import type { UpstreamSubject } from './upstream-subject.js';

export class UpstreamError extends ExporterError {
  override readonly name: string = 'UpstreamError';
  readonly category: UpstreamSubject;

  constructor(category: UpstreamSubject, message: string, options?: ErrorOptions) {
    super(`${category}: ${message}`, options);
    this.category = category;
  }
}

/** A non-retryable status (400/401/403/404…), or a retryable one that outlasted every retry. */
export class UpstreamHttpError extends UpstreamError {
  override readonly name: string = 'UpstreamHttpError';
  readonly status: number;
  readonly code?: string;

  constructor(category: UpstreamSubject, status: number, detail: string, code?: string) {
    super(category, `upstream answered HTTP ${status}${code === undefined ? '' : ` (${code})`}: ${detail}`);
    this.status = status;
    if (code !== undefined) this.code = code;
  }
}

/**
 * A 429 whose Retry-After outlasts the backoff ceiling: every request pauses for `pauseMs` and this
 * request is given up at once, since asking again early would spend the organization's limit.
 */
export class UpstreamRateLimitedError extends UpstreamHttpError {
  override readonly name = 'UpstreamRateLimitedError';
  readonly pauseMs: number;

  constructor(category: UpstreamSubject, detail: string, code: string | undefined, pauseMs: number) {
    super(
      category,
      429,
      `${detail}; every request pauses ${Math.ceil(pauseMs / 1000)} s as Retry-After asked`,
      code,
    );
    this.pauseMs = pauseMs;
  }
}

export class UpstreamTimeoutError extends UpstreamError {
  override readonly name = 'UpstreamTimeoutError';
  constructor(category: UpstreamSubject, timeoutMs: number) {
    super(category, `upstream did not answer within ${timeoutMs} ms`);
  }
}

export class UpstreamNetworkError extends UpstreamError {
  override readonly name = 'UpstreamNetworkError';
  constructor(category: UpstreamSubject, detail: string) {
    super(category, `network error talking to upstream: ${detail}`);
  }
}

/** The page could not be trusted: bad JSON, a truncated or oversized body, or a shape we do not understand. */
export class MalformedPageError extends UpstreamError {
  override readonly name = 'MalformedPageError';
  readonly reason: string;

  constructor(category: UpstreamSubject, reason: string) {
    super(category, `malformed upstream page: ${reason}`);
    this.reason = reason;
  }
}

/** Pagination that would never end or skip data: a repeated cursor, `has_more` without a cursor, too many pages. */
export class PaginationError extends UpstreamError {
  override readonly name = 'PaginationError';
  constructor(category: UpstreamSubject, message: string) {
    super(category, message);
  }
}

/**
 * The entry's key answers for another organization than the one its counters belong to (a rotated
 * key of the wrong organization): nothing is sent with it until the key changes again.
 */
export class OrganizationMismatchError extends UpstreamError {
  override readonly name = 'OrganizationMismatchError';
  constructor(category: UpstreamSubject, detail: string) {
    super(category, `refused: ${detail}`);
  }
}
