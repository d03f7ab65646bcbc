import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { MalformedPageError, OrganizationMismatchError, UpstreamHttpError } from '../../src/openai/index.js';
import { DAY, makeClient, rejectionOf, TODAY } from './support/upstream.js';

const OLD_KEY = 'sk-admin-RotationOldKey0123456789abcdefABCDEF';
const NEW_KEY = 'sk-admin-RotationNewKey0123456789abcdefGHIJKL';
// Not `sk-` shaped, so only the client's memory of the keys it sent can redact them.
const ODD_OLD_KEY = 'rotation-old-secret-7f3a9c';
const QUERY: BucketQuery = { category: 'embeddings', width: '1d', startTime: TODAY - DAY, groupBy: [] };

/** Answers with whatever `reply` says, given the bearer key of the request; records the keys. */
function keyedUpstream(reply: (key: string) => { status: number; body: unknown }) {
  const keys: string[] = [];
  const server: Server = createServer((req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    keys.push(key);
    const { status, body } = reply(key);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return { server, keys };
}

const emptyPage = { object: 'page', data: [], has_more: false, next_page: null };

describe('a client whose key is a getter (key rotation)', () => {
  let echoOld = false;
  let probe: ((key: string) => void) | undefined;
  const { server, keys } = keyedUpstream((key) => {
    probe?.(key);
    if (echoOld) return { status: 200, body: { ...emptyPage, note: `was ${OLD_KEY}` } };
    if (key === 'unknown-secret-b81e') {
      return { status: 401, body: { error: { message: `bad key ${key}, not ${ODD_OLD_KEY}` } } };
    }
    return { status: 200, body: emptyPage };
  });
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the key the getter returns at each request, so a rotated key needs no new client', async () => {
    let current = OLD_KEY;
    const { client } = makeClient(baseUrl, { adminKey: () => current });
    await client.fetchBuckets(QUERY);
    current = NEW_KEY;
    await client.fetchBuckets(QUERY);
    expect(keys.slice(-2)).toEqual([OLD_KEY, NEW_KEY]);
  });

  it('refuses an answer that echoes a key it used before the rotation', async () => {
    let current = OLD_KEY;
    const { client } = makeClient(baseUrl, { adminKey: () => current });
    await client.fetchBuckets(QUERY);
    current = NEW_KEY;
    echoOld = true;
    try {
      const error = await rejectionOf(client.fetchBuckets(QUERY));
      expect(error).toBeInstanceOf(MalformedPageError);
      expect(error.message).toContain('contains the admin key');
    } finally {
      echoOld = false;
    }
  });

  it('redacts every key it ever sent from an upstream error message', async () => {
    let current = ODD_OLD_KEY;
    const { client } = makeClient(baseUrl, { adminKey: () => current, maxRetries: 0 });
    await client.fetchBuckets(QUERY);
    current = 'unknown-secret-b81e';
    const error = await rejectionOf(client.fetchBuckets(QUERY));
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error.message).toContain('bad key <redacted>, not <redacted>');
  });

  it("records each key in a shared list (the log scrubber's secrets) before sending it", async () => {
    const secrets: string[] = [];
    const listedWhenSent: boolean[] = [];
    probe = (key) => listedWhenSent.push(secrets.includes(key));
    try {
      const { client } = makeClient(baseUrl, { adminKey: () => NEW_KEY, usedKeys: secrets });
      await client.fetchBuckets(QUERY);
      await client.fetchBuckets(QUERY);
    } finally {
      probe = undefined;
    }
    expect(listedWhenSent).toEqual([true, true]);
    expect(secrets).toEqual([NEW_KEY]);
  });

  it('awaits `admit` before each request, and sends nothing when it rejects', async () => {
    const admitted: string[] = [];
    let refuse = false;
    const admit = async (subject: string) => {
      admitted.push(subject);
      if (refuse) throw new OrganizationMismatchError('embeddings', 'another organization');
    };
    const { client } = makeClient(baseUrl, { admit });
    await client.fetchBuckets(QUERY);
    refuse = true;
    const before = keys.length;
    await expect(client.fetchBuckets(QUERY)).rejects.toBeInstanceOf(OrganizationMismatchError);
    expect(keys).toHaveLength(before);
    expect(admitted).toEqual(['embeddings', 'embeddings']);
  });

  it('rejects an empty key from the getter without sending it', async () => {
    const before = keys.length;
    const { client } = makeClient(baseUrl, { adminKey: () => '' });
    await expect(client.fetchBuckets(QUERY)).rejects.toThrow(/adminKey must not be empty/);
    expect(keys).toHaveLength(before);
  });
});
