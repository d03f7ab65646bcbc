import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { DAY, errorBody, type Harness, HOUR, NOW, startHarness, TODAY } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('limit', () => {
  it('defaults per bucket width: 7 for 1d, 24 for 1h, 60 for 1m, and 7 for costs', async () => {
    const long = NOW - 60 * DAY;
    expect((await h.page('completions', { start_time: long })).data).toHaveLength(7);
    expect((await h.page('completions', { start_time: long, bucket_width: '1h' })).data).toHaveLength(24);
    expect((await h.page('completions', { start_time: long, bucket_width: '1m' })).data).toHaveLength(60);
    expect((await h.page('costs', { start_time: long })).data).toHaveLength(7);
  });

  it('accepts the documented maxima: 31, 168, 1440 and 180', async () => {
    const long = NOW - 400 * DAY;
    const quiet = { trafficStartTime: NOW + DAY };
    const q = await startHarness(quiet);
    try {
      expect((await q.page('embeddings', { start_time: long, limit: 31 })).data).toHaveLength(31);
      expect(
        (await q.page('embeddings', { start_time: long, bucket_width: '1h', limit: 168 })).data,
      ).toHaveLength(168);
      expect(
        (await q.page('embeddings', { start_time: long, bucket_width: '1m', limit: 1440 })).data,
      ).toHaveLength(1440);
      expect((await q.page('costs', { start_time: long, limit: 180 })).data).toHaveLength(180);
    } finally {
      await q.close();
    }
  });

  it('counts empty buckets', async () => {
    const q = await startHarness({ trafficStartTime: TODAY });
    try {
      const page = await q.page('completions', { start_time: TODAY - 5 * DAY, limit: 3 });
      expect(page.data.map((b) => b.results)).toEqual([[], [], []]);
      expect(page.has_more).toBe(true);
    } finally {
      await q.close();
    }
  });
});

describe('pagination', () => {
  it('walks every bucket exactly once, contiguously, to the end (30 days at limit 7: 31 buckets over 5 pages)', async () => {
    const start = NOW - 30 * DAY;
    let pages = 0;
    const buckets = [];
    let cursor: string | undefined;
    do {
      const page = await h.page('completions', { start_time: start, limit: 7, page: cursor });
      pages += 1;
      buckets.push(...page.data);
      expect(page.next_page === null).toBe(!page.has_more);
      cursor = page.next_page ?? undefined;
    } while (cursor !== undefined);
    expect(pages).toBe(5);
    expect(buckets).toHaveLength(31);
    expect(buckets[0]?.start_time).toBe(start);
    expect(buckets[30]?.end_time).toBe(NOW);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]?.start_time).toBe(buckets[i - 1]?.end_time);
  });

  it('pages through every endpoint to the end', async () => {
    for (const id of Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[]) {
      const buckets = await h.allBuckets(id, { start_time: NOW - 10 * DAY, limit: 3 });
      // Usage: a partial first day, nine whole days, and today so far; costs: ten whole days and today.
      expect(buckets).toHaveLength(11);
      expect(buckets[10]?.end_time).toBe(id === 'costs' ? TODAY + DAY : NOW);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]?.start_time).toBe(buckets[i - 1]?.end_time);
    }
  });

  it('uses opaque cursors shaped like the spec example: page_ + base64 of 20 bytes', async () => {
    const page = await h.page('completions', { start_time: NOW - 3 * DAY, limit: 1 });
    expect(page.next_page).toMatch(/^page_[A-Za-z0-9+/]{26}[A-Za-z0-9+/=]{2}$/);
    expect(Buffer.from(page.next_page?.slice(5) ?? '', 'base64')).toHaveLength(20);
  });

  it('keeps the range pinned at the first page even when the clock moves on', async () => {
    const q = await startHarness();
    try {
      const first = await q.page('completions', { start_time: NOW - 3 * HOUR, bucket_width: '1h', limit: 2 });
      q.clock.advanceSeconds(1800);
      const second = await q.page('completions', {
        start_time: NOW - 3 * HOUR,
        bucket_width: '1h',
        limit: 2,
        page: first.next_page ?? '',
      });
      expect(second.data.map((b) => b.end_time)).toEqual([Math.floor(NOW / HOUR) * HOUR, NOW]);
      expect(second.has_more).toBe(false);
    } finally {
      await q.close();
    }
  });

  it('rejects a cursor from another query and a cursor that is not one', async () => {
    const page = await h.page('completions', { start_time: NOW - 3 * DAY, limit: 1 });
    for (const [params, cursor] of [
      [{ start_time: NOW - 4 * DAY }, page.next_page],
      [{ start_time: NOW - 3 * DAY, group_by: ['model'] }, page.next_page],
      [{ start_time: NOW - 3 * DAY }, 'page_garbage'],
      [{ start_time: NOW - 3 * DAY }, 'AAAAAGdGxdEiJdKOAAAAAGcqsYA='],
    ] as const) {
      const res = await h.get('organization/usage/completions', { ...params, limit: 1, page: cursor ?? '' });
      expect(res.status).toBe(400);
      expect(await errorBody(res)).toMatchObject({ type: 'invalid_request_error', param: 'page' });
    }
  });

  it('may change limit between pages of the same query', async () => {
    const first = await h.page('completions', { start_time: NOW - 5 * DAY, limit: 1 });
    const rest = await h.page('completions', {
      start_time: NOW - 5 * DAY,
      limit: 10,
      page: first.next_page ?? '',
    });
    expect(rest.data).toHaveLength(5);
  });
});
