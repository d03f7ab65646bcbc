import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket, BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { parseExposition } from '../support/exposition.js';

const DAY = 86400;
const NOV_1 = Date.UTC(2026, 10, 1) / 1000;

/** Days (by start) that cost more than 10 USD, e.g. a late revision. */
const extra = new Map<number, number>();

/** An upstream where every day of the year cost 10 USD on one line item. */
const tenADay = {
  async fetchBuckets(query: BucketQuery): Promise<{ buckets: Bucket[] }> {
    const buckets: Bucket[] = [];
    for (let start = query.startTime; start < NOW; start += DAY) {
      buckets.push({
        startTime: start,
        endTime: start + DAY,
        rows: [{ labels: ['p', 'l'], values: [10 + (extra.get(start) ?? 0), 1, 0] }],
      });
    }
    return { buckets };
  },
};
let NOW = 0;

function costsExporter(nowSeconds: number, backfillDays: number, restoredFrom?: Exporter): Exporter {
  NOW = nowSeconds;
  const base = loadConfig(['--categories=costs', '--names.enabled=false'], {}).config;
  const config = { ...base, backfill: { maxMs: backfillDays * DAY * 1000 } };
  const previous = restoredFrom?.ledger('costs');
  const restored =
    previous === undefined || restoredFrom === undefined
      ? undefined
      : new Map([
          [
            'costs' as const,
            {
              ledger: CategoryLedger.restore(
                categoryLayout('costs', config.categories.costs.groupBy, config.series.limit),
                JSON.parse(JSON.stringify(previous.snapshot())),
              ),
              lastSuccess: { '1d': restoredFrom.pollers[0]?.progress['1d']?.lastSuccess as number },
            },
          ],
        ]);
  return new Exporter({
    config,
    source: tenADay,
    logger: pino({ level: 'silent' }),
    nowMs: () => NOW * 1000,
    ...(restored === undefined ? {} : { restored }),
  });
}

function gauge(exporter: Exporter, name: string): number | undefined {
  return parseExposition(exporter.cache.plain.toString()).samples.find((s) => s.name === name)?.value;
}

describe('month to date after an outage longer than --backfill.max', () => {
  it('covers every day of the month, while the counters add only what the limit allows', async () => {
    const before = costsExporter(NOV_1 + 4 * DAY + 43200, 3);
    expect(await before.pollAll()).toBe(true);
    expect(gauge(before, 'openai_cost_usd_total')).toBe(50);

    const after = costsExporter(NOV_1 + 19 * DAY + 43200, 3, before);
    expect(await after.pollAll()).toBe(true);
    expect(gauge(after, 'openai_cost_current_month_usd')).toBe(200);
    expect(gauge(after, 'openai_cost_current_day_usd')).toBe(10);
    // Days 1-5 from before the outage, then from three days back (the 17th) to today.
    expect(gauge(after, 'openai_cost_usd_total')).toBe(90);
    expect(after.ledger('costs')?.countedSince).toBe(NOV_1);

    // The observed days only add growth from now on; a repeated answer adds nothing.
    expect(await after.pollAll()).toBe(true);
    expect(gauge(after, 'openai_cost_usd_total')).toBe(90);
    expect(gauge(after, 'openai_cost_current_month_usd')).toBe(200);

    // After another long gap the month is read again: a late revision of an observed day is
    // real spend, so its growth is counted.
    extra.set(NOV_1 + 9 * DAY, 2);
    (after.pollers[0]?.progress['1d'] as { lastSuccess?: number }).lastSuccess = NOV_1 - 30 * DAY;
    expect(await after.pollAll()).toBe(true);
    expect(gauge(after, 'openai_cost_usd_total')).toBe(92);
    expect(gauge(after, 'openai_cost_current_month_usd')).toBe(202);
  });
});
