import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { UpstreamError, UpstreamHttpError } from '../../src/openai/index.js';
import {
  ADMIN_KEY,
  DAY,
  makeClient,
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

const QUERY: BucketQuery = {
  category: 'embeddings',
  width: '1d',
  startTime: TODAY - 3 * DAY,
  groupBy: ['model'],
};
const PATH = 'organization/usage/embeddings';

async function httpFailure(
  adminKey: string,
  query: BucketQuery = QUERY,
): Promise<{ error: UpstreamHttpError; requests: number; sleeps: number[] }> {
  const { client, clock } = makeClient(upstream.baseUrl, { adminKey });
  const before = upstream.sim.stats.count(PATH);
  const error = await rejectionOf(client.fetchBuckets(query));
  if (!(error instanceof UpstreamHttpError)) throw error;
  return { error, requests: upstream.sim.stats.count(PATH) - before, sleeps: clock.sleeps };
}

describe('non-retryable upstream answers', () => {
  it('maps an unknown key (401) to UpstreamHttpError at once, without the key in the message', async () => {
    const wrongKey = 'sk-proj0-wrongKeyButLongEnough12345';
    const { error, requests, sleeps } = await httpFailure(wrongKey);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toContain('Incorrect API key');
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).not.toContain('2345');
    expect(requests).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('maps a project key without api.usage.read (403) to UpstreamHttpError at once', async () => {
    const projectKey = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345';
    const { error, requests } = await httpFailure(projectKey);
    expect(error.status).toBe(403);
    expect(error.code).toBe('insufficient_permissions');
    expect(error.message).toContain('api.usage.read');
    expect(error.message).not.toContain(projectKey);
    expect(requests).toBe(1);
  });

  it('maps a rejected query (400) to UpstreamHttpError with the upstream message, without retrying', async () => {
    const { error, requests } = await httpFailure(ADMIN_KEY, { ...QUERY, groupBy: ['line_item'] });
    expect(error.status).toBe(400);
    expect(error.message).toContain('group_by');
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.category).toBe('embeddings');
    expect(requests).toBe(1);
  });

  it('does not retry a 404', async () => {
    upstream.sim.faults.inject({ kind: 'status', status: 404 });
    const { error, requests } = await httpFailure(ADMIN_KEY);
    expect(error.status).toBe(404);
    expect(requests).toBe(1);
  });

  it('never lets the admin key reach an error message, even through a 5xx that outlasts its retries', async () => {
    upstream.sim.faults.inject({ kind: 'status', status: 500 });
    const { client } = makeClient(upstream.baseUrl, { maxRetries: 1 });
    const error = await rejectionOf(client.fetchBuckets(QUERY));
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(`${error.message} ${error.stack}`).not.toContain(ADMIN_KEY);
  });
});

describe('an upstream that echoes secrets', () => {
  // The simulator masks keys like the real API; this stand-in quotes them whole to prove we redact.
  let echo: Server;
  let baseUrl: string;
  beforeAll(async () => {
    echo = createServer((req, res) => {
      const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${key}. Also sk-other-Secret999 and Bearer ${key}\n[fake log line]`,
            type: 'invalid_request_error',
            param: null,
            code: `invalid_api_key ${key}`,
          },
        }),
      );
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('redacts the admin key, any sk- token and bearer credentials from message and code', async () => {
    const oddKey = 'not-an-sk-shaped-secret-7f3a9';
    for (const adminKey of [ADMIN_KEY, oddKey]) {
      const { client } = makeClient(baseUrl, { adminKey });
      const error = await rejectionOf(client.fetchBuckets(QUERY));
      expect(error).toBeInstanceOf(UpstreamHttpError);
      const text = `${error.message} ${(error as UpstreamHttpError).code}`;
      expect(text).not.toContain(adminKey);
      expect(text).not.toContain('Secret999');
      expect(text).toContain('<redacted>');
      expect(error.message).not.toContain('\n');
    }
  });
});
