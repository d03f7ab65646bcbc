// A page as the client reads it: the body's JSON text through the streamed page reader, its parts
// joined back into whole buckets. Tests that build a page as an object use it to see what the
// client makes of that page on the wire.

import type { CategoryId, Dimension } from '../../src/catalog/categories.js';
import type { Bucket, BucketPart } from '../../src/domain/bucket.js';
import { PageScanner } from '../../src/openai/page-scanner.js';

export interface ScannedPage {
  readonly buckets: Bucket[];
  readonly hasMore: boolean;
  readonly nextPage: string | null;
}

/** The parts joined back into buckets: a part that does not start a bucket continues the one before. */
export function joinParts(parts: readonly BucketPart[]): Bucket[] {
  const buckets: { startTime: number; endTime: number; rows: Bucket['rows'][number][] }[] = [];
  for (const part of parts) {
    const last = buckets.at(-1);
    if (!part.first && last !== undefined && last.startTime === part.startTime) last.rows.push(...part.rows);
    else buckets.push({ startTime: part.startTime, endTime: part.endTime, rows: [...part.rows] });
  }
  return buckets;
}

/** Throws what the client throws for the page (PageShapeError, PageSyntaxError). */
export function scanPage(category: CategoryId, groupBy: readonly Dimension[], body: unknown): ScannedPage {
  const scanner = new PageScanner(category, groupBy, []);
  const parts = scanner.feed(JSON.stringify(body) ?? '');
  const end = scanner.end();
  return { buckets: joinParts(parts), hasMore: end.hasMore, nextPage: end.nextPage };
}
