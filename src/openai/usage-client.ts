// Fetches every bucket of a window for one category: pagination, retries with backoff, the shared
// politeness gate, and the mapping of everything that can go wrong onto typed errors.

import { CATEGORIES, type CategoryId } from '../catalog/categories.js';
import type { Bucket, BucketQuery } from '../domain/bucket.js';
import {
  type ClientSettings,
  type FetchResult,
  resolveClientSettings,
  type UsageClientOptions,
} from './client-options.js';
import { MalformedPageError, PaginationError } from './errors.js';
import { type ParsedPage, parsePage } from './parse-page.js';
import { buildSearchParams } from './query-params.js';
import { redactSecrets } from './redact.js';
import { PageShapeError } from './result-reader.js';
import { backoffDelay, parseRetryAfter, type RetryReason, retryReasonForStatus } from './retry-policy.js';
import { type AttemptResponse, sendAttempt } from './transport.js';
import { httpErrorFromBody } from './upstream-error-body.js';
import { classifyFailure } from './upstream-observer.js';

export class UsageClient {
  readonly #settings: ClientSettings;

  constructor(options: UsageClientOptions) {
    this.#settings = resolveClientSettings(options);
  }

  /** All buckets of [startTime, endTime or now), following next_page to the end. */
  async fetchBuckets(query: BucketQuery, signal?: AbortSignal): Promise<FetchResult> {
    const { category } = query;
    const { maxPages } = this.#settings;
    const seenCursors = new Set<string>();
    const buckets: Bucket[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await this.#fetchPage(query, cursor, signal);
      pages++;
      for (const bucket of page.buckets) buckets.push(bucket);
      if (!page.hasMore) break;
      cursor = nextCursor(category, page, seenCursors);
      if (pages >= maxPages) {
        throw new PaginationError(category, `still has_more after ${pages} pages (maxPages ${maxPages})`);
      }
    }
    return { buckets: sortedByStart(buckets), pages };
  }

  async #fetchPage(
    query: BucketQuery,
    cursor: string | undefined,
    signal?: AbortSignal,
  ): Promise<ParsedPage> {
    const { category } = query;
    const settings = this.#settings;
    const url = `${settings.baseUrl}/${CATEGORIES[category].path}?${buildSearchParams(query, cursor)}`;
    const onStatus = (status: number): void => settings.observer.onResponse?.(category, String(status));
    for (let attempt = 0; ; attempt++) {
      await settings.gate.acquire(signal);
      let response: AttemptResponse;
      try {
        response = await sendAttempt({
          category,
          url,
          headers: settings.headers,
          timeoutMs: settings.timeoutMs,
          maxBytes: settings.maxResponseBytes,
          signal,
          onStatus,
        });
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure === undefined) throw error;
        settings.observer.onResponse?.(category, failure);
        if (attempt >= settings.maxRetries) throw error;
        await this.#wait(category, failure, backoffDelay(attempt, settings.backoff), signal);
        continue;
      }
      const { status } = response;
      if (status >= 200 && status < 300) return this.#parse(query, response.body);
      const reason = retryReasonForStatus(status);
      if (reason === undefined) throw httpErrorFromBody(category, status, response.body, settings.adminKey);
      const requested = parseRetryAfter(response.headers, settings.now());
      const delay =
        requested === undefined
          ? backoffDelay(attempt, settings.backoff)
          : Math.min(requested, settings.backoff.maxMs);
      if (status === 429) {
        settings.observer.onRateLimited?.(category, requested);
        // Everyone backs off, not just this category: the limit is per organization.
        settings.gate.pauseFor(delay);
      }
      if (attempt >= settings.maxRetries) {
        throw httpErrorFromBody(category, status, response.body, settings.adminKey);
      }
      await this.#wait(category, reason, delay, signal);
    }
  }

  async #wait(
    category: CategoryId,
    reason: RetryReason,
    delayMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    this.#settings.observer.onRetry?.(category, reason, delayMs);
    await this.#settings.sleep(delayMs, signal);
  }

  #parse(query: BucketQuery, body: string): ParsedPage {
    const { category } = query;
    let decoded: unknown;
    try {
      decoded = JSON.parse(body);
    } catch {
      throw new MalformedPageError(category, `body is not valid JSON (${body.length} characters)`);
    }
    try {
      return parsePage(category, query.groupBy, decoded);
    } catch (error) {
      if (error instanceof PageShapeError) {
        throw new MalformedPageError(category, redactSecrets(error.message, this.#settings.adminKey));
      }
      throw error;
    }
  }
}

function nextCursor(category: CategoryId, page: ParsedPage, seen: Set<string>): string {
  const next = page.nextPage;
  if (next === null || next === '') {
    throw new PaginationError(category, 'upstream said has_more but gave no next_page cursor');
  }
  if (seen.has(next)) throw new PaginationError(category, 'upstream repeated a next_page cursor');
  seen.add(next);
  return next;
}

/** Pages arrive in order, so this is normally a single pass; a misordered upstream still yields sorted output. */
function sortedByStart(buckets: Bucket[]): Bucket[] {
  for (let i = 1; i < buckets.length; i++) {
    if ((buckets[i] as Bucket).startTime < (buckets[i - 1] as Bucket).startTime) {
      return buckets.sort((a, b) => a.startTime - b.startTime);
    }
  }
  return buckets;
}
