import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket, BucketQuery } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { UpstreamHttpError } from '../../src/openai/index.js';
import { CategoryPoller } from '../../src/poller/category-poller.js';

const config = loadConfig([], {}).config;
const HOUR = 3600;
const T0 = 1_790_000_000 - (1_790_000_000 % HOUR);

/** An upstream whose vector storage level is `level` in every bucket, and whose minutes can fail. */
class StorageUpstream {
  level = 100;
  minutesFail = false;

  async fetchBuckets(query: BucketQuery): Promise<{ buckets: Bucket[] }> {
    if (query.width === '1m' && this.minutesFail) {
      throw new UpstreamHttpError('vector_stores', 500, 'boom');
    }
    const width = query.width === '1m' ? 60 : HOUR;
    const buckets: Bucket[] = [];
    for (let start = query.startTime; start <= this.nowSeconds; start += width) {
      buckets.push({
        startTime: start,
        endTime: start + width,
        rows: [{ labels: ['proj_a'], values: [this.level] }],
      });
    }
    return { buckets };
  }

  nowSeconds = T0 + 20 * 60;
}

function storagePoller(upstream: StorageUpstream): CategoryPoller {
  const ledger = new CategoryLedger(categoryLayout('vector_stores', ['project_id'], 100));
  return new CategoryPoller(
    CATEGORIES.vector_stores,
    config.categories.vector_stores,
    ledger,
    upstream,
    { minuteWindowSeconds: 900, hourWindowSeconds: 86400, settleDays: 2, backfillMaxSeconds: 604800 },
    { pollFinished() {}, downward() {}, malformed() {} },
    pino({ level: 'silent' }),
    () => upstream.nowSeconds * 1000,
  );
}

const level = (poller: CategoryPoller) => [...poller.ledger.gauges.values()].map((v) => v[0]);

describe('the vector storage level when minute polls fail', () => {
  it('comes from the newest hour until the minutes answer again', async () => {
    const upstream = new StorageUpstream();
    const poller = storagePoller(upstream);
    await poller.poll('1h');
    expect(level(poller)).toEqual([100]);
    upstream.level = 110;
    await poller.poll('1m');
    expect(level(poller)).toEqual([110]);

    upstream.minutesFail = true;
    upstream.level = 150;
    upstream.nowSeconds += 10 * 60;
    expect(await poller.poll('1m')).toBe(false);
    expect(level(poller)).toEqual([110]);
    await poller.poll('1h');
    expect(level(poller)).toEqual([150]);

    upstream.minutesFail = false;
    upstream.level = 155;
    upstream.nowSeconds += 60;
    await poller.poll('1m');
    expect(level(poller)).toEqual([155]);
    // With the minutes healthy again, a later hour answer does not override them.
    upstream.level = 157;
    await poller.poll('1h');
    expect(level(poller)).toEqual([155]);
  });
});
