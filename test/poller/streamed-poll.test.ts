import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import type { BucketPart, BucketQuery } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { type BucketSource, CategoryPoller } from '../../src/poller/category-poller.js';

const config = loadConfig([], {}).config;
const HOUR = 3600;
const H0 = 1_790_000_000 - (1_790_000_000 % HOUR);
const NOW = H0 + 3 * HOUR + 600;
const REQUESTS = CATEGORIES.completions.fields.findIndex((field) => field.field === 'num_model_requests');

function part(start: number, requests: number, first = true): BucketPart {
  const values = CATEGORIES.completions.fields.map((_, i) => (i === REQUESTS ? requests : Number.NaN));
  return {
    startTime: start,
    endTime: start + HOUR,
    rows: [{ labels: config.categories.completions.groupBy.map(() => 'x'), values }],
    first,
  };
}

/** A source that only streams: the poller must not ask it for whole windows. */
function streaming(parts: BucketPart[]): BucketSource {
  return {
    fetchBuckets: () => Promise.reject(new Error('the poller asked for the whole window')),
    async streamBuckets(_query: BucketQuery, sink: (parts: readonly BucketPart[]) => void) {
      for (const p of parts) {
        await Promise.resolve();
        sink([p]);
      }
    },
  };
}

function poller(source: BucketSource): CategoryPoller {
  const ledger = new CategoryLedger(
    categoryLayout('completions', config.categories.completions.groupBy, 100),
  );
  return new CategoryPoller(
    CATEGORIES.completions,
    config.categories.completions,
    ledger,
    source,
    { minuteWindowSeconds: 900, hourWindowSeconds: 86400, settleDays: 2, backfillMaxSeconds: 604800 },
    { pollFinished() {}, downward() {}, malformed() {} },
    pino({ level: 'silent' }),
    () => NOW * 1000,
  );
}

const requests = (p: CategoryPoller) => p.ledger.totals[REQUESTS];

describe('a poll of a source that streams', () => {
  it('feeds the ledger part by part, a bucket cut in runs counted once', async () => {
    const p = poller(
      streaming([part(H0, 3), part(H0, 3, false), part(H0 + HOUR, 4), part(H0 + HOUR, 1, false)]),
    );
    expect(await p.execute('1h')).toEqual({ outcome: 'success', changed: true });
    expect(requests(p)).toBe(3 + 4);
  });

  it('fails as bad data on a refused bucket mid-answer, which is not counted; the buckets before it are', async () => {
    const unaligned = { ...part(H0 + 2 * HOUR, 50), startTime: H0 + 2 * HOUR + 60 };
    const p = poller(streaming([part(H0, 3), part(H0 + HOUR, 4), unaligned, part(H0 + 3 * HOUR, 7)]));
    // Changed all the same, so what it counted is saved; it is shown once a poll succeeds.
    expect(await p.execute('1h')).toEqual({ outcome: 'bad_data', changed: true });
    expect(p.holdsUnfinishedAnswer).toBe(true);
    expect(requests(p)).toBe(3 + 4);
    expect(p.ledger.coarseStarts()).toEqual([H0, H0 + HOUR]);
  });

  it('says a poll failing before it counted anything changed nothing', async () => {
    const unaligned = { ...part(H0, 50), startTime: H0 + 60 };
    const p = poller(streaming([unaligned, part(H0 + HOUR, 4)]));
    expect(await p.execute('1h')).toEqual({ outcome: 'bad_data', changed: false });
    expect(requests(p)).toBe(0);
    expect(p.holdsUnfinishedAnswer).toBe(false);
  });

  it('holds an unfinished answer until a poll succeeds', async () => {
    const unaligned = { ...part(H0 + HOUR, 50), startTime: H0 + HOUR + 60 };
    let answer = [part(H0, 3), unaligned];
    const p = poller({
      fetchBuckets: () => Promise.reject(new Error('the poller asked for the whole window')),
      async streamBuckets(_query, sink) {
        for (const piece of answer) sink([piece]);
      },
    });
    await p.execute('1h');
    expect(p.holdsUnfinishedAnswer).toBe(true);
    answer = [part(H0, 3), part(H0 + HOUR, 4)];
    expect(await p.execute('1h')).toEqual({ outcome: 'success', changed: true });
    expect(p.holdsUnfinishedAnswer).toBe(false);
    expect(requests(p)).toBe(3 + 4);
  });

  it('leaves what a poll cut short by shutdown counted to the final save, and does not show it', async () => {
    const shutdown = new AbortController();
    const p = poller({
      fetchBuckets: () => Promise.reject(new Error('the poller asked for the whole window')),
      async streamBuckets(_query, sink) {
        sink([part(H0, 3)]);
        shutdown.abort();
        throw new Error('aborted');
      },
    });
    expect(await p.execute('1h', shutdown.signal)).toEqual({ outcome: 'aborted', changed: false });
    expect(requests(p)).toBe(3);
    expect(p.holdsUnfinishedAnswer).toBe(true);
  });
});
