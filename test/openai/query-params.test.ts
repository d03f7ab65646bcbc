// The query string a page request sends, read from the catalog: the largest page the upstream
// allows per width, and bucket_width only where the endpoint takes one.

import { describe, expect, it } from 'vitest';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { buildSearchParams, pageLimit, UnsupportedWidthError } from '../../src/openai/query-params.js';

const query = (category: BucketQuery['category'], width: BucketQuery['width']): BucketQuery => ({
  category,
  width,
  startTime: 1_700_000_000,
  groupBy: [],
});

describe('the page request query', () => {
  it('asks for the largest page the upstream allows at each width', () => {
    expect(pageLimit(query('completions', '1m'))).toBe(1440);
    expect(pageLimit(query('completions', '1h'))).toBe(168);
    expect(pageLimit(query('vector_stores', '1d'))).toBe(31);
    expect(pageLimit(query('costs', '1d'))).toBe(180);
  });

  it('refuses a width the catalog does not list for the category, instead of guessing a page size', () => {
    expect(() => pageLimit(query('costs', '1h'))).toThrow(UnsupportedWidthError);
  });

  it('sends bucket_width to the usage endpoints and leaves it out for costs', () => {
    expect(buildSearchParams(query('embeddings', '1h'), undefined).toString()).toBe(
      'start_time=1700000000&bucket_width=1h&limit=168',
    );
    expect(buildSearchParams(query('costs', '1d'), 'page_2').toString()).toBe(
      'start_time=1700000000&limit=180&page=page_2',
    );
  });
});
