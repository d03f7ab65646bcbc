import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, type Harness, HOUR, NOW, startHarness, TODAY } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const spans = (buckets: { start_time: number; end_time: number }[]) =>
  buckets.map((b) => [b.start_time, b.end_time]);

describe('usage bucket boundaries', () => {
  it('start the first 1d bucket at the unaligned start_time and align later ones to UTC midnight', async () => {
    const start = TODAY - 2 * DAY + 12_345;
    const page = await h.page('completions', {
      start_time: start,
      end_time: TODAY + 3600,
      bucket_width: '1d',
    });
    expect(spans(page.data)).toEqual([
      [start, TODAY - DAY],
      [TODAY - DAY, TODAY],
      [TODAY, TODAY + 3600],
    ]);
  });

  it('start the first 1h bucket at the unaligned start_time and align later ones to the hour', async () => {
    const start = TODAY + 5 * HOUR + 1234;
    const page = await h.page('embeddings', {
      start_time: start,
      end_time: TODAY + 8 * HOUR + 17,
      bucket_width: '1h',
    });
    expect(spans(page.data)).toEqual([
      [start, TODAY + 6 * HOUR],
      [TODAY + 6 * HOUR, TODAY + 7 * HOUR],
      [TODAY + 7 * HOUR, TODAY + 8 * HOUR],
      [TODAY + 8 * HOUR, TODAY + 8 * HOUR + 17],
    ]);
  });

  it('start the first 1m bucket at the unaligned start_time and align later ones to the minute', async () => {
    const start = TODAY + 601;
    const page = await h.page('moderations', {
      start_time: start,
      end_time: TODAY + 781,
      bucket_width: '1m',
    });
    expect(spans(page.data)).toEqual([
      [start, TODAY + 660],
      [TODAY + 660, TODAY + 720],
      [TODAY + 720, TODAY + 780],
      [TODAY + 780, TODAY + 781],
    ]);
  });

  it('end the last bucket at now, partially, when end_time is omitted or in the future', async () => {
    for (const end_time of [undefined, NOW + 5 * DAY]) {
      const page = await h.page('completions', { start_time: NOW - 3 * HOUR, bucket_width: '1h', end_time });
      const last = page.data[page.data.length - 1];
      expect(last?.end_time).toBe(NOW);
      expect(last?.start_time).toBe(Math.floor(NOW / HOUR) * HOUR);
      expect(page.has_more).toBe(false);
    }
  });

  it('count usage of a minute in the bucket holding the minute start, so partial buckets hold whole minutes', async () => {
    const minute = TODAY - 5 * HOUR;
    const within = await h.page('completions', {
      start_time: minute + 1,
      end_time: minute + 60,
      bucket_width: '1m',
    });
    expect(within.data).toEqual([
      { object: 'bucket', start_time: minute + 1, end_time: minute + 60, results: [] },
    ]);
    const whole = await h.page('completions', {
      start_time: minute,
      end_time: minute + 60,
      bucket_width: '1m',
    });
    expect(whole.data[0]?.results).toHaveLength(1);
  });

  it('answer no buckets when start_time is in the future', async () => {
    const page = await h.page('completions', { start_time: NOW + HOUR, bucket_width: '1h' });
    expect(page).toEqual({ object: 'page', data: [], has_more: false, next_page: null });
  });
});

describe('costs bucket boundaries', () => {
  it('floor the first bucket to the UTC midnight at or before start_time', async () => {
    const page = await h.page('costs', { start_time: TODAY - 2 * DAY + 4321, end_time: TODAY - DAY + 1 });
    expect(spans(page.data)).toEqual([
      [TODAY - 2 * DAY, TODAY - DAY],
      [TODAY - DAY, TODAY],
    ]);
  });

  it("end today's partial bucket at the next UTC midnight, in the future", async () => {
    for (const end_time of [undefined, NOW + 10 * DAY]) {
      const page = await h.page('costs', { start_time: NOW - DAY, end_time });
      expect(spans(page.data)).toEqual([
        [TODAY - DAY, TODAY],
        [TODAY, TODAY + DAY],
      ]);
      expect(page.data[1]?.results.length).toBeGreaterThan(0);
    }
  });
});
