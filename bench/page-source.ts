// A BucketSource answering from generated JSON pages through the client's own decoding path: the
// page text goes to the PageScanner in 64 KiB pieces, as a network stream delivers it, and each run
// of rows goes to the ledger as it is decoded. The scanning (bounding each piece, JSON.parse,
// validation) is timed apart from the generation, which is the benchmark's own cost.

import { BUCKET_WIDTH_SECONDS, type CategoryId } from '../src/catalog/categories.js';
import type { Bucket, BucketPart, BucketQuery } from '../src/domain/bucket.js';
import { SliceKeeper } from '../src/domain/pacing.js';
import { PageScanner } from '../src/openai/page-scanner.js';
import { pageLimit } from '../src/openai/query-params.js';
import type { BucketSource } from '../src/poller/category-poller.js';
import type { SyntheticCategory } from './synthetic-labels.js';
import { PageWriter } from './workload.js';

/** What a network read typically hands over at once. */
const CHUNK_CHARS = 64 * 1024;

export interface SourceCounters {
  pages: number;
  rows: number;
  bytes: number;
  generateMs: number;
  /** The scanner: bounding each piece of the text, JSON.parse of it, validation into rows. */
  decodeMs: number;
  /** Upstream requests the client would send: the query's buckets at the default page size. */
  requests: number;
}

export function emptyCounters(): SourceCounters {
  return { pages: 0, rows: 0, bytes: 0, generateMs: 0, decodeMs: 0, requests: 0 };
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
    const buckets: Bucket[] = [];
    await this.streamBuckets(query, (parts) => {
      for (const part of parts) {
        const last = buckets.at(-1);
        if (!part.first && last?.startTime === part.startTime)
          (last.rows as Bucket['rows'][number][]).push(...part.rows);
        else buckets.push({ startTime: part.startTime, endTime: part.endTime, rows: [...part.rows] });
      }
    });
    return { buckets };
  }

  async streamBuckets(query: BucketQuery, sink: (parts: readonly BucketPart[]) => void): Promise<void> {
    const writer = this.writers.get(query.category);
    if (writer === undefined) throw new Error(`the benchmark has no ${query.category} workload`);
    const now = Math.floor(this.nowMs() / 1000);
    const counters = this.counters;
    counters.requests += requestsFor(query, now);
    const slices = new SliceKeeper();
    for (const page of writer.pages(query.width, query.startTime, now, pageLimit(query))) {
      const scanner = new PageScanner(query.category, query.groupBy, []);
      const fragments = page[Symbol.iterator]();
      for (;;) {
        const t0 = performance.now();
        let chunk = '';
        let done = false;
        while (chunk.length < CHUNK_CHARS) {
          const next = fragments.next();
          if (next.done === true) {
            done = true;
            break;
          }
          chunk += next.value;
        }
        const t1 = performance.now();
        const parts = scanner.feed(chunk);
        const t2 = performance.now();
        counters.generateMs += t1 - t0;
        counters.decodeMs += t2 - t1;
        counters.bytes += chunk.length;
        for (const part of parts) counters.rows += part.rows.length;
        if (parts.length > 0) sink(parts);
        // As the client reads a body whose data is already buffered: the event loop gets a turn
        // when the slice every paced task shares is used up (a turn after every chunk, outside
        // that budget, let 20 organizations' chunks fill one turn).
        await slices.pace();
        if (done) break;
      }
      const t3 = performance.now();
      scanner.end();
      counters.decodeMs += performance.now() - t3;
      counters.pages += 1;
    }
  }
}

/**
 * The pages the API would answer `query` with: its buckets (the one in progress included) over the
 * client's page limit.
 */
export function requestsFor(query: BucketQuery, now: number): number {
  const seconds = BUCKET_WIDTH_SECONDS[query.width];
  const buckets = Math.max(1, Math.ceil(((query.endTime ?? now) - query.startTime) / seconds));
  return Math.ceil(buckets / pageLimit(query));
}
