// Reads every bucket of a window for one category, following next_page; each page goes through
// the shared request loop (gate, retries, typed errors) and is read as it arrives (PageScanner).

import { CATEGORIES, type CategoryId } from '../catalog/categories.js';
import type { Bucket, BucketPart, BucketQuery, BucketRow } from '../domain/bucket.js';
import { SliceKeeper } from '../domain/pacing.js';
import {
  type ClientSettings,
  type FetchResult,
  resolveClientSettings,
  type UsageClientOptions,
} from './client-options.js';
import { MalformedPageError, PaginationError } from './errors.js';
import { newestOrganizationId } from './organization-id.js';
import { PageSecretError, PageSyntaxError } from './page-pieces.js';
import { type PageEnd, PageScanner } from './page-scanner.js';
import { buildSearchParams } from './query-params.js';
import { redactSecrets } from './redact.js';
import { getWithRetries } from './request-loop.js';
import { PageShapeError } from './result-reader.js';

const DAY = 86_400;
const ORGANIZATION_LOOKBACK_DAYS = 30;

/** Takes the parts of an answer in answer order; what it throws ends the read. */
export type BucketSink = (parts: readonly BucketPart[]) => void;

export class UsageClient {
  readonly #settings: ClientSettings<CategoryId>;

  constructor(options: UsageClientOptions) {
    this.#settings = resolveClientSettings(options);
  }

  /**
   * All buckets of [startTime, endTime or now), following next_page to the end, held whole.
   * `streamBuckets` hands them out as they are read instead.
   */
  async fetchBuckets(query: BucketQuery, signal?: AbortSignal): Promise<FetchResult> {
    const buckets: Bucket[] = [];
    const pages = await this.#pages(query, signal, () => {
      // Per attempt: a page read again after a failed attempt replaces what its first read gave.
      const page: BucketPart[] = [];
      return { take: (parts) => page.push(...parts), done: () => joinParts(page, buckets) };
    });
    return { buckets: sortedByStart(buckets), pages };
  }

  /**
   * The buckets of [startTime, endTime or now) as they are read, page after page, in runs of rows
   * (see `PageScanner`): a large window is never held whole. A page read again after a failed
   * attempt is handed out again from its start, its first part of each bucket marked `first`.
   */
  async streamBuckets(
    query: BucketQuery,
    sink: BucketSink,
    signal?: AbortSignal,
  ): Promise<{ pages: number }> {
    const pages = await this.#pages(query, signal, () => ({ take: sink, done: () => undefined }));
    return { pages };
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

  async #pages(
    query: BucketQuery,
    signal: AbortSignal | undefined,
    attempt: () => PageReader,
  ): Promise<number> {
    const { category } = query;
    const { maxPages } = this.#settings;
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await this.#readPage(query, cursor, signal, attempt);
      pages++;
      if (!page.hasMore) return pages;
      cursor = nextCursor(category, page, seenCursors);
      if (pages >= maxPages) {
        throw new PaginationError(category, `still has_more after ${pages} pages (maxPages ${maxPages})`);
      }
    }
  }

  async #readPage(
    query: BucketQuery,
    cursor: string | undefined,
    signal: AbortSignal | undefined,
    attempt: () => PageReader,
  ): Promise<PageEnd> {
    const settings = this.#settings;
    const { category } = query;
    const url = `${settings.baseUrl}/${CATEGORIES[category].path}?${buildSearchParams(query, cursor)}`;
    let end: PageEnd | undefined;
    let reader: PageReader | undefined;
    await getWithRetries(settings, category, url, signal, async (text) => {
      reader = attempt();
      const scanner = new PageScanner(category, query.groupBy, settings.usedKeys);
      const slices = new SliceKeeper();
      try {
        for await (const chunk of text) {
          const parts = scanner.feed(chunk);
          if (parts.length > 0) reader.take(parts);
          await slices.pace();
        }
        end = scanner.end();
      } catch (error) {
        throw this.#malformed(category, error);
      }
    });
    if (end === undefined || reader === undefined) throw new MalformedPageError(category, 'no answer');
    reader.done();
    return end;
  }

  #malformed(category: CategoryId, error: unknown): unknown {
    if (error instanceof PageSecretError) {
      return new MalformedPageError(category, 'the answer contains the admin key; refused');
    }
    if (error instanceof PageShapeError || error instanceof PageSyntaxError) {
      return new MalformedPageError(category, redactSecrets(error.message, this.#settings.usedKeys));
    }
    return error;
  }
}

/** What one attempt at a page does with the parts it reads. */
interface PageReader {
  take(parts: readonly BucketPart[]): void;
  /** The attempt read the whole page. */
  done(): void;
}

/** Parts back into whole buckets: a part that does not start a bucket continues the one before. */
function joinParts(parts: readonly BucketPart[], into: Bucket[]): void {
  let last: { startTime: number; endTime: number; rows: BucketRow[] } | undefined;
  for (const part of parts) {
    if (!part.first && last !== undefined && last.startTime === part.startTime) {
      for (const row of part.rows) last.rows.push(row);
      continue;
    }
    last = { startTime: part.startTime, endTime: part.endTime, rows: [...part.rows] };
    into.push(last);
  }
}

function nextCursor(category: CategoryId, page: PageEnd, seen: Set<string>): string {
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
