import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../../src/http/web-config/go-duration.js';
import { TokenBucket } from '../../../src/http/web-config/token-bucket.js';
import { startExporter } from './support/exporter-server.js';
import { get } from './support/requests.js';

describe('the rate limiter', () => {
  it('lets a burst through, then one request per interval', () => {
    let now = 0;
    const bucket = new TokenBucket({ intervalMs: 1000, burst: 3 }, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now = 999;
    expect(bucket.tryTake()).toBe(false);
    now = 1000;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it('banks no more than the burst however long it sits idle', () => {
    let now = 0;
    const bucket = new TokenBucket({ intervalMs: 10, burst: 2 }, () => now);
    now = 1_000_000;
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
  });

  it('answers 429 over HTTP once the bucket is empty, before asking for credentials', async () => {
    let now = 0;
    const server = await startExporter(
      {
        basicAuthUsers: new Map([['alice', '$2y$04$0R2oOa0Hh1vFZ3L2b9ZQ6eFm0dV4aV9k8l3E4Xv0cR0m1bJ6kQ5fW']]),
        rateLimit: { intervalMs: 1000, burst: 1 },
      },
      { now: () => now },
    );
    try {
      expect((await get(`${server.url}/-/healthy`)).status).toBe(401);
      expect((await get(`${server.url}/-/healthy`)).status).toBe(429);
      now = 1000;
      expect((await get(`${server.url}/-/healthy`)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe("Go's duration syntax", () => {
  it.each([
    ['0', 0],
    ['1s', 1000],
    ['250ms', 250],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['500us', 0.5],
  ])('reads %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '1', 's', '1d', '-1s', '1s ', 'fast'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
