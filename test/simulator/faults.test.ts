import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultValidationError } from '../../simulator/index.js';
import { type ErrorBody, errorBody, type Harness, NOW, query, startHarness, TODAY } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const COMPLETIONS = 'organization/usage/completions';
const PARAMS = { start_time: NOW - 3 * 86_400, limit: 1, group_by: ['model'] };
const url = () => `${h.running.baseUrl}/${COMPLETIONS}?${query(PARAMS)}`;

describe('status faults', () => {
  it('answer 429 with Retry-After and the OpenAI error body for `count` requests, then normally', async () => {
    h.sim.faults.inject({ kind: 'status', status: 429, retryAfter: '7', count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await h.get(COMPLETIONS, PARAMS);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      const body = (await res.json()) as ErrorBody;
      expect(Object.keys(body.error)).toEqual(['message', 'type', 'param', 'code']);
      expect(body.error.code).toBe('rate_limit_exceeded');
    }
    expect((await h.get(COMPLETIONS, PARAMS)).status).toBe(200);
    expect(h.sim.faults.list()).toEqual([]);
  });

  it('answer 5xx with an HTTP-date Retry-After until cleared', async () => {
    const date = 'Wed, 12 Aug 2026 15:31:00 GMT';
    h.sim.faults.inject({ kind: 'status', status: 503, retryAfter: date });
    for (let i = 0; i < 3; i++) {
      const res = await h.get(COMPLETIONS, PARAMS);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe(date);
      expect((await errorBody(res)).type).toBe('server_error');
    }
    h.sim.faults.clear();
    expect((await h.get(COMPLETIONS, PARAMS)).status).toBe(200);
  });

  it('only hit paths under pathPrefix', async () => {
    h.sim.faults.inject({ kind: 'status', status: 500, pathPrefix: 'organization/usage/images' });
    expect((await h.get('organization/usage/images', { start_time: NOW - 60 })).status).toBe(500);
    expect((await h.get(COMPLETIONS, PARAMS)).status).toBe(200);
    expect((await h.get('organization/costs', { start_time: NOW - 60 })).status).toBe(200);
  });
});

describe('timing faults', () => {
  it('delay answers normally after at least `ms`', async () => {
    const normal = await (await h.get(COMPLETIONS, PARAMS)).text();
    h.sim.faults.inject({ kind: 'delay', ms: 30, count: 1 });
    const started = performance.now();
    const res = await h.get(COMPLETIONS, PARAMS);
    expect(await res.text()).toBe(normal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('hang never answers, while other requests are served, and close() ends it', async () => {
    h.sim.faults.inject({ kind: 'hang', count: 1 });
    let settled = false;
    const hanging = fetch(url(), { headers: { authorization: 'Bearer sk-admin-x' } }).finally(() => {
      settled = true;
    });
    hanging.catch(() => undefined);
    // The next request gets through and is answered while the first still hangs.
    expect((await h.get(COMPLETIONS, PARAMS)).status).toBe(200);
    expect(h.sim.stats.count(COMPLETIONS)).toBe(2);
    expect(settled).toBe(false);
    await h.close();
    await expect(hanging).rejects.toThrow();
  });
});

describe('body faults', () => {
  it('truncated-json sends a prefix of the real body', async () => {
    const normal = await (await h.get(COMPLETIONS, PARAMS)).text();
    h.sim.faults.inject({ kind: 'truncated-json', count: 1 });
    const res = await h.get(COMPLETIONS, PARAMS);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(normal.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(normal.length);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('malformed-json sends a body that is not JSON', async () => {
    h.sim.faults.inject({ kind: 'malformed-json', count: 1 });
    const text = await (await h.get(COMPLETIONS, PARAMS)).text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('oversized streams at least `bytes` bytes without Content-Length', async () => {
    const normal: unknown = await (await h.get(COMPLETIONS, PARAMS)).json();
    h.sim.faults.inject({ kind: 'oversized', bytes: 3_000_000, count: 1 });
    const res = await h.get(COMPLETIONS, PARAMS);
    expect(res.headers.get('content-length')).toBeNull();
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(3_000_000);
    expect(JSON.parse(text)).toEqual(normal);
  });
});

describe('page-shape faults', () => {
  it('repeating-cursor always answers has_more with the same next_page', async () => {
    h.sim.faults.inject({ kind: 'repeating-cursor' });
    const first = await h.page('completions', PARAMS);
    const second = await h.page('completions', { ...PARAMS, page: first.next_page ?? '' });
    const third = await h.page('completions', { ...PARAMS, page: second.next_page ?? '' });
    for (const page of [first, second, third]) {
      expect(page.has_more).toBe(true);
      expect(page.next_page).toBe(first.next_page);
    }
    expect(third.data).toEqual(first.data);
  });

  it('repeating-cursor keeps has_more true even on the last page', async () => {
    h.sim.faults.inject({ kind: 'repeating-cursor' });
    const page = await h.page('completions', { start_time: NOW - 60 });
    expect(page.has_more).toBe(true);
    expect(typeof page.next_page).toBe('string');
  });

  it('has-more-null-next answers has_more: true with next_page: null', async () => {
    h.sim.faults.inject({ kind: 'has-more-null-next', count: 1 });
    const page = await h.page('completions', PARAMS);
    expect(page.has_more).toBe(true);
    expect(page.next_page).toBeNull();
  });

  it('legacy-result-key puts the bucket array under `result`', async () => {
    h.sim.faults.inject({ kind: 'legacy-result-key', count: 1 });
    const page = (await h.page('completions', PARAMS)) as unknown as { data: Record<string, unknown>[] };
    expect(Object.keys(page.data[0] ?? {})).toEqual(['object', 'start_time', 'end_time', 'result']);
    expect(page.data[0]?.result).toEqual(expect.arrayContaining([expect.any(Object)]));
  });

  it('drop-optional-fields keeps only required fields and grouped dimensions', async () => {
    h.sim.faults.inject({ kind: 'drop-optional-fields', count: 2 });
    const usage = await h.page('completions', PARAMS);
    for (const r of usage.data.flatMap((b) => b.results)) {
      expect(Object.keys(r)).toEqual([
        'object',
        'input_tokens',
        'output_tokens',
        'num_model_requests',
        'model',
      ]);
    }
    const costs = await h.page('costs', { start_time: TODAY - 86_400, group_by: ['line_item'] });
    for (const r of costs.data.flatMap((b) => b.results)) {
      expect(Object.keys(r)).toEqual(['object', 'amount', 'line_item']);
    }
  });

  it('drop-cost-amount leaves costs results without their amount, and nothing else', async () => {
    const params = { start_time: TODAY - 86_400, group_by: ['line_item'] };
    const clean = await h.page('costs', params);
    h.sim.faults.inject({ kind: 'drop-cost-amount', count: 1 });
    const drifted = await h.page('costs', params);
    const withoutAmount = clean.data.flatMap((b) => b.results).map(({ amount: _amount, ...rest }) => rest);
    expect(withoutAmount.length).toBeGreaterThan(0);
    expect(drifted.data.flatMap((b) => b.results)).toEqual(withoutAmount);
  });

  it('extra-fields adds unknown fields to the page, buckets and results', async () => {
    h.sim.faults.inject({ kind: 'extra-fields', count: 1 });
    const page = (await h.page('completions', PARAMS)) as unknown as Record<string, unknown> & {
      data: (Record<string, unknown> & { results: Record<string, unknown>[] })[];
    };
    expect(page.usage_report_version).toBeDefined();
    expect(page.data[0]?.bucket_width).toBeDefined();
    expect(page.data[0]?.results[0]?.x_simulator_note).toBeDefined();
    expect(page.data[0]?.results[0]?.input_tokens).toEqual(expect.any(Number));
  });
});

describe('the fault controller', () => {
  it('is driven over HTTP: POST /__faults injects, GET lists, DELETE clears', async () => {
    const root = h.running.baseUrl.replace(/\/v1$/, '');
    const post = await fetch(`${root}/__faults`, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'status',
        status: 429,
        retryAfter: '1',
        count: 3,
        pathPrefix: '/v1/organization/costs',
      }),
    });
    expect(post.status).toBe(201);
    const listed = await (await fetch(`${root}/__faults`)).json();
    expect(listed).toEqual([
      { kind: 'status', status: 429, retryAfter: '1', count: 3, pathPrefix: 'organization/costs' },
    ]);
    expect((await h.get('organization/costs', { start_time: NOW - 60 })).status).toBe(429);
    expect(h.sim.faults.list()[0]?.count).toBe(2);
    expect((await fetch(`${root}/__faults`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${root}/__faults`)).json()).toEqual([]);
    expect((await h.get('organization/costs', { start_time: NOW - 60 })).status).toBe(200);
  });

  it('rejects malformed faults, over HTTP with a 400 and in process with FaultValidationError', async () => {
    const root = h.running.baseUrl.replace(/\/v1$/, '');
    for (const body of [
      '{"kind":"explode"}',
      '{"kind":"status","status":200}',
      '{"kind":"delay"}',
      'not json',
      '[]',
    ]) {
      const res = await fetch(`${root}/__faults`, { method: 'POST', body });
      expect(res.status).toBe(400);
    }
    expect(() => h.sim.faults.inject({ kind: 'oversized', bytes: -1 })).toThrow(FaultValidationError);
    expect(() => h.sim.faults.inject({ kind: 'hang', count: 0 })).toThrow(FaultValidationError);
    expect(h.sim.faults.list()).toEqual([]);
  });

  it('applies the first matching fault in injection order', async () => {
    h.sim.faults.inject({ kind: 'status', status: 502, count: 1, pathPrefix: 'organization/costs' });
    h.sim.faults.inject({ kind: 'status', status: 500, count: 1 });
    expect((await h.get(COMPLETIONS, PARAMS)).status).toBe(500);
    expect((await h.get('organization/costs', { start_time: NOW - 60 })).status).toBe(502);
    expect((await h.get('organization/costs', { start_time: NOW - 60 })).status).toBe(200);
  });
});

describe('request stats', () => {
  it('count /v1 requests per path, including failed ones, and nothing else', async () => {
    expect(h.sim.stats.total).toBe(0);
    await h.get(COMPLETIONS, PARAMS);
    await h.get(COMPLETIONS, { start_time: 'bad' });
    await h.get('organization/costs', { start_time: NOW - 60 });
    await fetch(`${h.running.baseUrl.replace(/\/v1$/, '')}/__faults`);
    expect(h.sim.stats.total).toBe(3);
    expect(h.sim.stats.count('organization/usage')).toBe(2);
    expect(h.sim.stats.byPath()).toEqual({ 'organization/costs': 1, [COMPLETIONS]: 2 });
    h.sim.stats.reset();
    expect(h.sim.stats.total).toBe(0);
  });
});
