import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryReasonForStatus } from '../../src/openai/retry-policy.js';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);

describe('the retry policy', () => {
  it('retries 429, 408 and 5xx and nothing else', () => {
    expect(retryReasonForStatus(429)).toBe('rate_limited');
    expect(retryReasonForStatus(408)).toBe('timeout');
    expect(retryReasonForStatus(500)).toBe('server_error');
    expect(retryReasonForStatus(503)).toBe('server_error');
    for (const status of [400, 401, 403, 404, 409, 422, 301])
      expect(retryReasonForStatus(status)).toBeUndefined();
  });

  it('reads Retry-After as delta seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '7' }), NOW)).toBe(7000);
  });

  it('reads Retry-After as an HTTP date relative to now, never negative', () => {
    const inTenSeconds = new Date(NOW + 10_000).toUTCString();
    expect(parseRetryAfter(new Headers({ 'retry-after': inTenSeconds }), NOW)).toBe(10_000);
    const past = new Date(NOW - 10_000).toUTCString();
    expect(parseRetryAfter(new Headers({ 'retry-after': past }), NOW)).toBe(0);
  });

  it('prefers retry-after-ms over Retry-After', () => {
    const headers = new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' });
    expect(parseRetryAfter(headers, NOW)).toBe(1500);
  });

  it('ignores absent or unparseable values', () => {
    expect(parseRetryAfter(new Headers(), NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-3' }), NOW)).toBeUndefined();
  });

  it('draws full-jitter backoff below an exponentially growing, capped ceiling', () => {
    const settings = { baseMs: 500, maxMs: 3000, random: () => 0.999_999 };
    expect([0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, settings))).toEqual([
      499, 999, 1999, 2999, 2999,
    ]);
    expect(backoffDelay(3, { ...settings, random: () => 0 })).toBe(0);
  });
});
