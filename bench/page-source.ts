// A BucketSource answering from generated JSON pages, with the client's decoding path (JSON.parse,
// then parsePage) timed apart from the generation, which is the benchmark's own cost.

import { BUCKET_WIDTH_SECONDS, type CategoryId } from '../src/catalog/categories.js';
import type { Bucket, BucketQuery } from '../src/domain/bucket.js';
import { parsePage } from '../src/openai/parse-page.js';
import { pageLimit } from '../src/openai/query-params.js';
import type { BucketSource } from '../src/poller/category-poller.js';
import type { SyntheticCategory } from './synthetic-labels.js';
import { PageWriter } from './workload.js';

export interface SourceCounters {
  pages: number;
  rows: number;
  bytes: number;
  generateMs: number;
  jsonParseMs: number;
  parsePageMs: number;
  /** Upstream requests the client would send: the query's buckets at the default page size. */
  requests: number;
}

export function emptyCounters(): SourceCounters {
  return { pages: 0, rows: 0, bytes: 0, generateMs: 0, jsonParseMs: 0, parsePageMs: 0, requests: 0 };
}

export class PageSource implements BucketSource {
  counters = emptyCounters();
  private readonly writers = new Map<CategoryId, PageWriter>();

  constructor(
    categories: readonly SyntheticCategory[],
    private readonly nowMs: () => number,
  ) {
    for (const category of categories) this.writers.set(category.id, new PageWriter(category));
  }

  async fetchBuckets(query: BucketQuery): Promise<{ readonly buckets: readonly Bucket[] }> {
    const writer = this.writers.get(query.category);
    if (writer === undefined) throw new Error(`the benchmark has no ${query.category} workload`);
    const now = Math.floor(this.nowMs() / 1000);
    const counters = this.counters;
    counters.requests += requestsFor(query, now);
    const buckets: Bucket[] = [];
    // Like the client: every page of the window is decoded before the ledger sees any of it.
    const pages = writer.pages(query.width, query.startTime, now);
    for (;;) {
      const t0 = performance.now();
      const next = pages.next();
      const t1 = performance.now();
      counters.generateMs += t1 - t0;
      if (next.done === true) break;
      const decoded: unknown = JSON.parse(next.value);
      const t2 = performance.now();
      const page = parsePage(query.category, query.groupBy, decoded);
      const t3 = performance.now();
      counters.jsonParseMs += t2 - t1;
      counters.parsePageMs += t3 - t2;
      counters.pages += 1;
      counters.bytes += next.value.length;
      for (const bucket of page.buckets) {
        counters.rows += bucket.rows.length;
        buckets.push(bucket);
      }
    }
    return { buckets };
  }
}

/**
 * The pages the API would answer `query` with: its buckets (the one in progress included) over the
 * client's page limit. The generated pages are split by rows instead, a cost of the benchmark.
 */
export function requestsFor(query: BucketQuery, now: number): number {
  const seconds = BUCKET_WIDTH_SECONDS[query.width];
  const buckets = Math.max(1, Math.ceil(((query.endTime ?? now) - query.startTime) / seconds));
  return Math.ceil(buckets / pageLimit(query));
}
