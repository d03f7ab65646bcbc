// Fetches every bucket of a window for one category, following next_page; each page goes through
// the shared request loop (gate, retries, typed errors).

import { CATEGORIES, type CategoryId } from '../catalog/categories.js';
import type { Bucket, BucketQuery } from '../domain/bucket.js';
import {
  type ClientSettings,
  type FetchResult,
  resolveClientSettings,
  type UsageClientOptions,
} from './client-options.js';
import { MalformedPageError, PaginationError } from './errors.js';
import { newestOrganizationId } from './organization-id.js';
import { type ParsedPage, parsePage } from './parse-page.js';
import { buildSearchParams } from './query-params.js';
import { redactSecrets } from './redact.js';
import { getWithRetries } from './request-loop.js';
import { PageShapeError } from './result-reader.js';

const DAY = 86_400;
const ORGANIZATION_LOOKBACK_DAYS = 30;

export class UsageClient {
  readonly #settings: ClientSettings<CategoryId>;

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

  /**
   * The organization the admin key belongs to, from one page of the last 30 days of costs
   * (undefined when none of them names it). One request, through the same gate and retries.
   */
  async organizationId(nowSeconds: number, signal?: AbortSignal): Promise<string | undefined> {
    const settings = this.#settings;
    const start = Math.floor(nowSeconds / DAY) * DAY - ORGANIZATION_LOOKBACK_DAYS * DAY;
    const query = `start_time=${start}&bucket_width=1d&limit=${ORGANIZATION_LOOKBACK_DAYS + 1}`;
    const url = `${settings.baseUrl}/${CATEGORIES.costs.path}?${query}`;
    const body = await getWithRetries(settings, 'costs', url, signal);
    try {
      return newestOrganizationId(JSON.parse(body));
    } catch {
      return undefined;
    }
  }

  async #fetchPage(
    query: BucketQuery,
    cursor: string | undefined,
    signal?: AbortSignal,
  ): Promise<ParsedPage> {
    const settings = this.#settings;
    const url = `${settings.baseUrl}/${CATEGORIES[query.category].path}?${buildSearchParams(query, cursor)}`;
    return this.#parse(query, await getWithRetries(settings, query.category, url, signal));
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
        throw new MalformedPageError(category, redactSecrets(error.message, this.#settings.usedKeys));
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
