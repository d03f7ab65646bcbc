import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket, BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { DayBoundaryTimer } from '../../src/poller/day-boundary.js';
import { parseExposition } from '../support/exposition.js';
import { VirtualClock } from '../support/virtual-clock.js';

const DAY = 86400;
const MINUTE_MS = 60_000;

/** An upstream where every day cost 10 USD on one line item (today's bucket ends now). */
function upstream(clock: VirtualClock) {
  return {
    async fetchBuckets(query: BucketQuery): Promise<{ buckets: Bucket[] }> {
      const now = Math.floor(clock.now() / 1000);
      const buckets: Bucket[] = [];
      for (let start = query.startTime; start < now; start += DAY) {
        const endTime = Math.min(start + DAY, now);
        buckets.push({ startTime: start, endTime, rows: [{ labels: ['p', 'l'], values: [10, 1, 0] }] });
      }
      return { buckets };
    },
  };
}

let timer: DayBoundaryTimer | undefined;
afterEach(async () => {
  await timer?.stop();
});

async function costsAt(startMs: number) {
  const clock = new VirtualClock(startMs);
  const { config } = loadConfig(['--categories=costs', '--names.enabled=false'], {});
  const exporter = new Exporter({
    config,
    source: upstream(clock),
    logger: pino({ level: 'silent' }),
    nowMs: () => clock.now(),
  });
  expect(await exporter.pollAll()).toBe(true);
  // Rendering compresses off the main thread: a test waits for the last roll-over to finish.
  let rolling = Promise.resolve();
  timer = new DayBoundaryTimer(clock, () => {
    rolling = exporter.rollOver();
    return rolling;
  });
  timer.start();
  const advance = async (ms: number, step?: number) => {
    await clock.advance(ms, step);
    await rolling;
  };
  const gauge = (name: string) =>
    parseExposition(exporter.cache.plain.toString()).samples.find((s) => s.name === name)?.value;
  return { advance, gauge };
}

describe('the cost gauges at UTC midnight, without a poll', () => {
  it("start the new day at 0 and keep the month's total", async () => {
    const { advance, gauge } = await costsAt(Date.UTC(2026, 10, 20, 23, 55));
    expect(gauge('openai_cost_current_day_usd')).toBe(10);
    expect(gauge('openai_cost_current_month_usd')).toBe(200);
    await advance(5 * MINUTE_MS + 1000);
    expect(gauge('openai_cost_current_day_usd')).toBe(0);
    expect(gauge('openai_cost_current_month_usd')).toBe(200);
  });

  it('start the new month at 0 on the 1st, for the series of the month that ended', async () => {
    const { advance, gauge } = await costsAt(Date.UTC(2026, 10, 30, 23, 59));
    expect(gauge('openai_cost_current_month_usd')).toBe(300);
    await advance(MINUTE_MS + 1000);
    expect(gauge('openai_cost_current_day_usd')).toBe(0);
    expect(gauge('openai_cost_current_month_usd')).toBe(0);
  });

  it('roll over again every following midnight', async () => {
    const { advance, gauge } = await costsAt(Date.UTC(2026, 10, 20, 12));
    await advance(DAY * 1000 + 12 * 3600_000 + 1000, 60_000);
    expect(gauge('openai_cost_current_day_usd')).toBe(0);
    // The 21st was counted while it was today; the 22nd has not been polled yet.
    expect(gauge('openai_cost_current_month_usd')).toBe(200);
  });
});
