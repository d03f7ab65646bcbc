import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type ErrorBody, type Harness, NOW, startHarness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const COMPLETIONS = 'organization/usage/completions';

async function errorOf(res: Response) {
  const body = (await res.json()) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error)).toEqual(['message', 'type', 'param', 'code']);
  return body.error as { message: string; type: string; param: string | null; code: string | null };
}

describe('authentication', () => {
  it('answers 401 when the Authorization header is missing', async () => {
    const res = await fetch(`${h.running.baseUrl}/${COMPLETIONS}?start_time=${NOW - 60}`);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/didn't provide an API key/);
  });

  it('answers 401 invalid_api_key for an unknown key, masking it and never echoing it whole', async () => {
    const secret = 'sk-live-THIS_IS_A_SECRET_VALUE_123456';
    const res = await h.get(COMPLETIONS, { start_time: NOW - 60 }, { authorization: `Bearer ${secret}` });
    expect(res.status).toBe(401);
    const text = await res.clone().text();
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toMatch(/^Incorrect API key provided: sk-\*+3456\./);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('SECRET');
  });

  it('never echoes a short unknown key either', async () => {
    const res = await h.get(COMPLETIONS, { start_time: NOW - 60 }, { authorization: 'Bearer hunter2' });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('hunter2');
  });

  it('answers 403 with "Missing scopes: api.usage.read" for a project key', async () => {
    const res = await h.get(
      COMPLETIONS,
      { start_time: NOW - 60 },
      { authorization: 'Bearer sk-proj-abcdefghijklmnop' },
    );
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.message).toContain('Missing scopes: api.usage.read');
    expect(error.message).not.toContain('sk-proj-abcdefghijklmnop');
  });

  it('accepts any sk-admin- key on every endpoint, including the listings', async () => {
    for (const path of [COMPLETIONS, 'organization/costs']) {
      const res = await h.get(
        path,
        { start_time: NOW - 60 },
        { authorization: 'Bearer sk-admin-another-one' },
      );
      expect(res.status).toBe(200);
    }
    expect((await h.get('organization/projects')).status).toBe(200);
    expect((await fetch(`${h.running.baseUrl}/organization/users`)).status).toBe(401);
  });
});

describe('invalid parameters', () => {
  const cases: [string, string, Record<string, string | number | string[]>][] = [
    [
      'a group_by value the endpoint does not support',
      'group_by',
      { start_time: NOW - 60, group_by: ['size'] },
    ],
    [
      'limit above the maximum of the width',
      'limit',
      { start_time: NOW - 60, bucket_width: '1h', limit: 169 },
    ],
    ['limit of zero', 'limit', { start_time: NOW - 60, limit: 0 }],
    ['a non-integer limit', 'limit', { start_time: NOW - 60, limit: '5x' }],
    ['an unknown bucket_width', 'bucket_width', { start_time: NOW - 60, bucket_width: '5m' }],
    ['a missing start_time', 'start_time', { end_time: NOW }],
    ['a non-integer start_time', 'start_time', { start_time: '2026-08-12' }],
    ['a fractional start_time', 'start_time', { start_time: '1786545020.5' }],
    ['end_time equal to start_time', 'end_time', { start_time: NOW - 60, end_time: NOW - 60 }],
    ['end_time before start_time', 'end_time', { start_time: NOW - 60, end_time: NOW - 120 }],
    ['a batch that is not a boolean', 'batch', { start_time: NOW - 60, batch: 'yes' }],
    ['a filter the endpoint does not have', 'sources', { start_time: NOW - 60, sources: ['image.edit'] }],
    ['an unknown parameter', 'bucket', { start_time: NOW - 60, bucket: '1d' }],
  ];
  for (const [what, param, params] of cases) {
    it(`answers 400 invalid_request_error naming '${param}' for ${what}`, async () => {
      const res = await h.get(COMPLETIONS, params);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.type).toBe('invalid_request_error');
      expect(error.param).toBe(param);
    });
  }

  it('answers 400 for bucket_width=1h on costs, costs limits outside 1..180 and bad image enums', async () => {
    const bad: [string, Record<string, string | number | string[]>, string][] = [
      ['organization/costs', { start_time: NOW - 60, bucket_width: '1h' }, 'bucket_width'],
      ['organization/costs', { start_time: NOW - 60, limit: 181 }, 'limit'],
      ['organization/costs', { start_time: NOW - 60, group_by: ['model'] }, 'group_by'],
      ['organization/usage/images', { start_time: NOW - 60, sizes: ['1792x1024'] }, 'sizes'],
      ['organization/usage/images', { start_time: NOW - 60, sources: ['image.upscale'] }, 'sources'],
      ['organization/usage/vector_stores', { start_time: NOW - 60, group_by: ['model'] }, 'group_by'],
    ];
    for (const [path, params, param] of bad) {
      const res = await h.get(path, params);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).param).toBe(param);
    }
  });

  it('authenticates before validating', async () => {
    const res = await fetch(`${h.running.baseUrl}/${COMPLETIONS}?limit=9999`);
    expect(res.status).toBe(401);
  });
});

describe('unknown paths', () => {
  it('answer 404 in the OpenAI error shape, also for other methods', async () => {
    for (const path of ['organization/usage/web_stuff', 'organization', 'models']) {
      const res = await h.get(path, { start_time: NOW - 60 });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).message).toContain(`/v1/${path}`);
    }
    const post = await fetch(`${h.running.baseUrl}/${COMPLETIONS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(post.status).toBe(404);
    expect((await fetch(`${h.running.baseUrl.replace(/\/v1$/, '')}/elsewhere`)).status).toBe(404);
  });
});
