import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { BucketQuery } from '../../src/domain/bucket.js';
import {
  MalformedPageError,
  PaginationError,
  RequestGate,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
} from '../../src/openai/index.js';
import { MAX_RATE_LIMIT_PAUSE_MS } from '../../src/openai/retry-policy.js';
import {
  DAY,
  HOUR,
  makeClient,
  manualTimer,
  rejectionOf,
  startUpstream,
  TODAY,
  type Upstream,
} from './support/upstream.js';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());
afterEach(() => upstream.sim.faults.clear());

const USAGE_PATH = CATEGORIES.completions.path;
const DAYS: BucketQuery = {
  category: 'completions',
  width: '1d',
  startTime: TODAY - 5 * DAY,
  endTime: TODAY,
  groupBy: ['project_id', 'model'],
};
/** 384 hourly buckets: three pages at the 1h limit of 168. */
const THREE_PAGES: BucketQuery = { ...DAYS, width: '1h', startTime: TODAY - 16 * DAY };

const requestsTo = (path: string) => upstream.sim.stats.count(path);

describe('the usage client under upstream faults', () => {
  describe('rate limiting', () => {
    it('honours Retry-After in seconds, then succeeds', async () => {
      const { client, clock, events } = makeClient(upstream.baseUrl);
      upstream.sim.faults.inject({ kind: 'status', status: 429, retryAfter: '3', count: 2 });
      const result = await client.fetchBuckets(DAYS);
      expect(result.buckets).toHaveLength(5);
      expect(clock.sleeps).toEqual([3000, 3000]);
      expect(events.filter((e) => e.event !== 'response')).toEqual([
        { event: 'rate-limited', category: 'completions', detail: 3000 },
        { event: 'retry', category: 'completions', detail: 'rate_limited', delayMs: 3000 },
        { event: 'rate-limited', category: 'completions', detail: 3000 },
        { event: 'retry', category: 'completions', detail: 'rate_limited', delayMs: 3000 },
      ]);
    });

    it('honours Retry-After as an HTTP date against its clock', async () => {
      const { client, clock } = makeClient(upstream.baseUrl);
      const retryAt = new Date(clock.now() + 7000).toUTCString();
      upstream.sim.faults.inject({ kind: 'status', status: 429, retryAfter: retryAt, count: 1 });
      await client.fetchBuckets(DAYS);
      expect(clock.sleeps).toEqual([7000]);
    });

    it('obeys a Retry-After beyond retryMaxMs in full: the gate pauses and the fetch fails at once', async () => {
      const gate = new RequestGate({ requestsPerSecond: 0, now: () => 0, sleep: async () => undefined });
      const pauses: number[] = [];
      const original = gate.pauseFor.bind(gate);
      gate.pauseFor = (ms: number) => {
        pauses.push(ms);
        original(ms);
      };
      const { client, clock, events } = makeClient(upstream.baseUrl, { retryMaxMs: 10_000, gate });
      const before = requestsTo(USAGE_PATH);
      upstream.sim.faults.inject({ kind: 'status', status: 429, retryAfter: '120', count: 1 });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect((error as UpstreamRateLimitedError).status).toBe(429);
      expect((error as UpstreamRateLimitedError).pauseMs).toBe(120_000);
      expect(error.message).toContain('120 s');
      // Asking again early would waste the organization's limit: one request, no retry.
      expect(requestsTo(USAGE_PATH) - before).toBe(1);
      expect(clock.sleeps).toEqual([]);
      expect(pauses).toEqual([120_000]);
      expect(events.filter((e) => e.event === 'paused')).toEqual([
        { event: 'paused', category: 'completions', detail: 120_000 },
      ]);
    });

    it('pauses at most MAX_RATE_LIMIT_PAUSE_MS however long the Retry-After', async () => {
      const gate = new RequestGate({ requestsPerSecond: 0, now: () => 0, sleep: async () => undefined });
      const pauses: number[] = [];
      const original = gate.pauseFor.bind(gate);
      gate.pauseFor = (ms: number) => {
        pauses.push(ms);
        original(ms);
      };
      const { client } = makeClient(upstream.baseUrl, { gate });
      upstream.sim.faults.inject({ kind: 'status', status: 429, retryAfter: '86400', count: 1 });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect((error as UpstreamRateLimitedError).pauseMs).toBe(MAX_RATE_LIMIT_PAUSE_MS);
      expect(pauses).toEqual([MAX_RATE_LIMIT_PAUSE_MS]);
      expect(MAX_RATE_LIMIT_PAUSE_MS).toBe(10 * 60 * 1000);
    });

    it('falls back to jittered backoff when a 429 carries no Retry-After', async () => {
      const { client, clock, events } = makeClient(upstream.baseUrl, { retryBaseMs: 400 });
      upstream.sim.faults.inject({ kind: 'status', status: 429, count: 1 });
      await client.fetchBuckets(DAYS);
      expect(clock.sleeps).toEqual([200]);
      expect(events.find((e) => e.event === 'rate-limited')?.detail).toBeUndefined();
    });

    it('pauses the shared gate so other categories back off too', async () => {
      const gateSleeps: number[] = [];
      const gate = new RequestGate({
        requestsPerSecond: 0,
        now: () => 0,
        sleep: async (ms) => {
          gateSleeps.push(ms);
        },
      });
      const limited = makeClient(upstream.baseUrl, { gate });
      const bystander = makeClient(upstream.baseUrl, { gate });
      upstream.sim.faults.inject({
        kind: 'status',
        status: 429,
        retryAfter: '5',
        count: 1,
        pathPrefix: USAGE_PATH,
      });
      await limited.client.fetchBuckets(DAYS);
      gateSleeps.length = 0;
      await bystander.client.fetchBuckets({ ...DAYS, category: 'embeddings', groupBy: [] });
      expect(gateSleeps).toEqual([5000]);
    });
  });

  describe('server errors and retries', () => {
    it('sends every attempt, retries included, through the shared gate first', async () => {
      const gate = new RequestGate({ requestsPerSecond: 0, now: () => 0, sleep: async () => undefined });
      let acquired = 0;
      const original = gate.acquire.bind(gate);
      gate.acquire = (signal?: AbortSignal) => {
        acquired++;
        return original(signal);
      };
      const { client } = makeClient(upstream.baseUrl, { gate });
      const before = requestsTo(USAGE_PATH);
      upstream.sim.faults.inject({ kind: 'status', status: 503, count: 2 });
      await client.fetchBuckets(DAYS);
      expect(requestsTo(USAGE_PATH) - before).toBe(3);
      expect(acquired).toBe(3);
    });

    it('retries a burst of 5xx with exponential full-jitter backoff, then returns the data', async () => {
      const { client, clock, events, responses } = makeClient(upstream.baseUrl);
      const before = requestsTo(USAGE_PATH);
      upstream.sim.faults.inject({ kind: 'status', status: 503, count: 2 });
      upstream.sim.faults.inject({ kind: 'status', status: 500, count: 1 });
      const result = await client.fetchBuckets(DAYS);
      expect(result.buckets).toHaveLength(5);
      expect(requestsTo(USAGE_PATH) - before).toBe(4);
      // random() is 0.5, the base 500 ms: half of 500, 1000, 2000.
      expect(clock.sleeps).toEqual([250, 500, 1000]);
      expect(responses()).toEqual(['503', '503', '500', '200']);
      expect(events.filter((e) => e.event === 'retry').map((e) => e.detail)).toEqual([
        'server_error',
        'server_error',
        'server_error',
      ]);
    });

    it('gives up after maxRetries with an UpstreamHttpError carrying the last status', async () => {
      const { client, clock } = makeClient(upstream.baseUrl, { maxRetries: 2 });
      const before = requestsTo(USAGE_PATH);
      upstream.sim.faults.inject({ kind: 'status', status: 502 });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect(error).toBeInstanceOf(UpstreamHttpError);
      expect((error as UpstreamHttpError).status).toBe(502);
      expect((error as UpstreamHttpError).category).toBe('completions');
      expect(requestsTo(USAGE_PATH) - before).toBe(3);
      expect(clock.sleeps).toHaveLength(2);
    });

    it('gives up on persistent 429s and still pauses the gate for everyone', async () => {
      const gate = new RequestGate({ requestsPerSecond: 0, now: () => 0, sleep: async () => undefined });
      const pauses: number[] = [];
      const original = gate.pauseFor.bind(gate);
      gate.pauseFor = (ms: number) => {
        pauses.push(ms);
        original(ms);
      };
      const { client } = makeClient(upstream.baseUrl, { maxRetries: 1, gate });
      upstream.sim.faults.inject({ kind: 'status', status: 429, retryAfter: '2' });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect((error as UpstreamHttpError).status).toBe(429);
      expect((error as UpstreamHttpError).code).toBe('rate_limit_exceeded');
      expect(pauses).toEqual([2000, 2000]);
    });

    // Timeouts fire by hand once the upstream holds the request: a wall-clock timeout races the
    // machine's load (a healthy answer can take longer than 100 ms), and an attempt abandoned before
    // it reached the upstream would arrive during a later test and use up that test's fault.
    it('times out a hanging request and reports it as a timeout', async () => {
      const attempts = manualTimer();
      const { client, responses } = makeClient(upstream.baseUrl, {
        timeoutMs: 100,
        maxRetries: 0,
        attemptTimer: attempts.timer,
      });
      upstream.sim.faults.inject({ kind: 'hang' });
      const before = upstream.requests.length;
      const pending = rejectionOf(client.fetchBuckets(DAYS));
      await upstream.received(before + 1);
      attempts.expire();
      const error = await pending;
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(error.message).toContain('100 ms');
      expect(attempts.armed).toEqual([100]);
      expect(responses()).toEqual(['timeout']);
    });

    it('retries after a timeout and succeeds when the upstream recovers', async () => {
      const attempts = manualTimer();
      const { client, events, responses } = makeClient(upstream.baseUrl, {
        timeoutMs: 100,
        attemptTimer: attempts.timer,
      });
      upstream.sim.faults.inject({ kind: 'hang', count: 1 });
      const before = upstream.requests.length;
      const pending = client.fetchBuckets(DAYS);
      await upstream.received(before + 1);
      attempts.expire();
      const result = await pending;
      expect(result.buckets).toHaveLength(5);
      expect(responses()).toEqual(['timeout', '200']);
      expect(events.find((e) => e.event === 'retry')?.detail).toBe('timeout');
    });

    it('waits for a slow upstream that answers within the timeout', async () => {
      const { client, responses } = makeClient(upstream.baseUrl, { timeoutMs: 5000 });
      upstream.sim.faults.inject({ kind: 'delay', ms: 50, count: 1 });
      await client.fetchBuckets(DAYS);
      expect(responses()).toEqual(['200']);
    });

    it('reports an unreachable upstream as a network error after retrying', async () => {
      const gone = await startUpstream();
      const { baseUrl } = gone;
      await gone.close();
      const { client, responses, events } = makeClient(baseUrl, { maxRetries: 2 });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect(error).toBeInstanceOf(UpstreamNetworkError);
      expect(error.message).toContain('ECONNREFUSED');
      expect(responses()).toEqual(['network', 'network', 'network']);
      expect(events.filter((e) => e.event === 'retry').map((e) => e.detail)).toEqual(['network', 'network']);
    });

    it('stops waiting when the caller aborts, with the caller’s reason rather than a timeout', async () => {
      const { client } = makeClient(upstream.baseUrl, { timeoutMs: 60_000 });
      upstream.sim.faults.inject({ kind: 'hang', count: 1 });
      const controller = new AbortController();
      const before = upstream.requests.length;
      const pending = rejectionOf(client.fetchBuckets(DAYS, controller.signal));
      await upstream.received(before + 1);
      controller.abort(new Error('poller stopping'));
      const error = await pending;
      expect(error.message).toBe('poller stopping');
    });
  });

  describe('broken bodies', () => {
    it('rejects a truncated body as malformed, without retrying', async () => {
      const { client } = makeClient(upstream.baseUrl);
      const before = requestsTo(USAGE_PATH);
      upstream.sim.faults.inject({ kind: 'truncated-json', count: 1 });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect(error).toBeInstanceOf(MalformedPageError);
      expect((error as MalformedPageError).reason).toContain('JSON');
      expect(requestsTo(USAGE_PATH) - before).toBe(1);
    });

    it('rejects malformed JSON as malformed', async () => {
      const { client } = makeClient(upstream.baseUrl);
      upstream.sim.faults.inject({ kind: 'malformed-json', count: 1 });
      expect(await rejectionOf(client.fetchBuckets(DAYS))).toBeInstanceOf(MalformedPageError);
    });

    it('refuses a body larger than maxResponseBytes even when sent without Content-Length', async () => {
      const { client } = makeClient(upstream.baseUrl, { maxResponseBytes: 256 * 1024 });
      upstream.sim.faults.inject({ kind: 'oversized', bytes: 1024 * 1024, count: 1 });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect(error).toBeInstanceOf(MalformedPageError);
      expect((error as MalformedPageError).reason).toContain('exceeds 262144 bytes');
    });

    it('accepts a padded body that stays within maxResponseBytes', async () => {
      const { client } = makeClient(upstream.baseUrl, { maxResponseBytes: 2 * 1024 * 1024 });
      upstream.sim.faults.inject({ kind: 'oversized', bytes: 1024 * 1024, count: 1 });
      expect((await client.fetchBuckets(DAYS)).buckets).toHaveLength(5);
    });
  });

  describe('pagination faults', () => {
    it('fails the whole fetch when the upstream repeats a cursor', async () => {
      const { client } = makeClient(upstream.baseUrl);
      upstream.sim.faults.inject({ kind: 'repeating-cursor' });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect(error).toBeInstanceOf(PaginationError);
      expect(error.message).toContain('repeated');
    });

    it('fails the whole fetch when has_more comes with a null next_page', async () => {
      const { client } = makeClient(upstream.baseUrl);
      upstream.sim.faults.inject({ kind: 'has-more-null-next', count: 1 });
      const error = await rejectionOf(client.fetchBuckets(DAYS));
      expect(error).toBeInstanceOf(PaginationError);
      expect(error.message).toContain('next_page');
    });

    it('fails the whole fetch when it would need more than maxPages pages', async () => {
      const { client } = makeClient(upstream.baseUrl, { maxPages: 2 });
      const error = await rejectionOf(client.fetchBuckets(THREE_PAGES));
      expect(error).toBeInstanceOf(PaginationError);
      expect(error.message).toContain('maxPages 2');
      const { client: enough } = makeClient(upstream.baseUrl, { maxPages: 3 });
      expect((await enough.fetchBuckets(THREE_PAGES)).pages).toBe(3);
    });
  });

  describe('tolerated drift', () => {
    const fetchWith = async (
      kind: 'legacy-result-key' | 'extra-fields' | 'drop-optional-fields',
      q: BucketQuery,
    ) => {
      const { client } = makeClient(upstream.baseUrl);
      const clean = await client.fetchBuckets(q);
      upstream.sim.faults.inject({ kind });
      const drifted = await client.fetchBuckets(q);
      return { clean, drifted };
    };

    it('reads buckets under the legacy `result` key exactly like `results`', async () => {
      const { clean, drifted } = await fetchWith('legacy-result-key', THREE_PAGES);
      expect(drifted).toEqual(clean);
      expect(clean.buckets.some((b) => b.rows.length > 0)).toBe(true);
    });

    it('ignores unknown extra fields on pages, buckets and results', async () => {
      const { clean, drifted } = await fetchWith('extra-fields', DAYS);
      expect(drifted).toEqual(clean);
    });

    it('marks dropped optional fields NaN while keeping required ones', async () => {
      const { clean, drifted } = await fetchWith('drop-optional-fields', DAYS);
      const fields = CATEGORIES.completions.fields;
      const rows = drifted.buckets.flatMap((b) => b.rows);
      const cleanRows = clean.buckets.flatMap((b) => b.rows);
      expect(rows.length).toBeGreaterThan(0);
      rows.forEach((row, i) => {
        expect(row.labels).toEqual(cleanRows[i]?.labels);
        fields.forEach((field, j) => {
          if (field.required) expect(row.values[j]).toBe(cleanRows[i]?.values[j]);
          else expect(row.values[j]).toBeNaN();
        });
      });
    });

    it('keeps costs readable when quantity and organization_id are dropped, the quantity then NaN', async () => {
      const { clean, drifted } = await fetchWith('drop-optional-fields', {
        ...DAYS,
        category: 'costs',
        groupBy: ['project_id', 'line_item'],
      });
      const rows = drifted.buckets.flatMap((b) => b.rows);
      const cleanRows = clean.buckets.flatMap((b) => b.rows);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.labels)).toEqual(cleanRows.map((row) => row.labels));
      expect(rows.map((row) => row.values[0])).toEqual(cleanRows.map((row) => row.values[0]));
      expect(cleanRows.every((row) => Number.isFinite(row.values[1]))).toBe(true);
      expect(rows.every((row) => Number.isNaN(row.values[1]))).toBe(true);
    });
  });

  it('returns an hourly window in start-time order across pages', async () => {
    const { client } = makeClient(upstream.baseUrl);
    const { buckets } = await client.fetchBuckets(THREE_PAGES);
    expect(buckets.map((b) => b.startTime)).toEqual(buckets.map((_, i) => THREE_PAGES.startTime + i * HOUR));
  });
});
