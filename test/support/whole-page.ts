// The reference the streamed page reader (src/openai/page-scanner.ts) is checked against: one
// decoded `UsageResponse` page validated whole, as the client read pages before it streamed them.
// Strict about what the numbers hang on (page and bucket shape, bucket times), tolerant of known
// drift (`result` vs `results`, extra keys).

import type { CategoryId, Dimension } from '../../src/catalog/categories.js';
import type { Bucket, BucketRow } from '../../src/domain/bucket.js';
import {
  describe,
  PageShapeError,
  type ResultReader,
  readResult,
  resultReader,
} from '../../src/openai/result-reader.js';

export interface ParsedPage {
  readonly buckets: Bucket[];
  readonly hasMore: boolean;
  readonly nextPage: string | null;
}

/** Throws PageShapeError for anything we cannot trust. */
export function parsePage(category: CategoryId, groupBy: readonly Dimension[], body: unknown): ParsedPage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PageShapeError('response body is not a JSON object');
  }
  const page = body as Record<string, unknown>;
  if (page.object !== 'page')
    throw new PageShapeError(`page object is ${describe(page.object)}, expected "page"`);
  const data = page.data;
  if (!Array.isArray(data)) throw new PageShapeError(`page data is ${describe(data)}, expected an array`);
  const hasMore = page.has_more;
  if (typeof hasMore !== 'boolean') {
    throw new PageShapeError(`page has_more is ${describe(hasMore)}, expected a boolean`);
  }
  const nextPage = page.next_page ?? null;
  if (nextPage !== null && typeof nextPage !== 'string') {
    throw new PageShapeError(`page next_page is ${describe(nextPage)}, expected a string or null`);
  }
  const reader = resultReader(category);
  const buckets = new Array<Bucket>(data.length);
  for (let i = 0; i < data.length; i++) buckets[i] = parseBucket(reader, groupBy, data[i], i);
  return { buckets, hasMore, nextPage };
}

function parseBucket(
  reader: ResultReader,
  groupBy: readonly Dimension[],
  raw: unknown,
  index: number,
): Bucket {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PageShapeError(`bucket ${index} is not an object`);
  }
  const bucket = raw as Record<string, unknown>;
  if (bucket.object !== undefined && bucket.object !== 'bucket') {
    throw new PageShapeError(`bucket ${index} object is ${describe(bucket.object)}, expected "bucket"`);
  }
  const { start_time: startTime, end_time: endTime } = bucket;
  if (!isUnixSeconds(startTime) || !isUnixSeconds(endTime) || startTime >= endTime) {
    throw new PageShapeError(
      `bucket ${index} has start_time ${describe(startTime)} and end_time ${describe(endTime)}, expected integers with start < end`,
    );
  }
  // The real API says `results`; the 2024–2025 schema and the first SDK generations said `result`.
  const results = bucket.results ?? bucket.result;
  if (!Array.isArray(results)) {
    throw new PageShapeError(`bucket ${index} results is ${describe(results)}, expected an array`);
  }
  const rows = new Array<BucketRow>(results.length);
  for (let j = 0; j < results.length; j++) {
    try {
      rows[j] = readResult(reader, groupBy, results[j]);
    } catch (error) {
      if (error instanceof PageShapeError)
        throw new PageShapeError(`bucket ${index} result ${j}: ${error.message}`);
      throw error;
    }
  }
  return { startTime, endTime, rows };
}

function isUnixSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
