import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { ExpositionCache } from '../../src/metrics/exposition-cache.js';

const PARTS = {
  a: Array.from({ length: 3000 }, (_, i) => `metric_a{project_id="proj_ä\\"${i}"} ${i}\n`).join(''),
  b: '# HELP metric_b 💸 spend\n# TYPE metric_b gauge\nmetric_b 2.5\n',
};
// Chunks of 1 KiB: part a is compressed as many pieces.
const cache = new ExpositionCache(['a', 'b'], 1024);
let server: Server;
let port: number;

beforeAll(async () => {
  const app = createApp({
    telemetryPath: '/metrics',
    exposition: cache,
    isReady: () => true,
    landing: () => ({ version: 'test', nowSeconds: 0, categories: [] }),
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The body as sent, undecoded, and its Content-Encoding. */
function scrape(acceptEncoding?: string): Promise<{ body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const req = httpRequest({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          body: Buffer.concat(chunks),
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function expectServed(expected: string): Promise<void> {
  const plain = await scrape();
  expect(plain.encoding).toBe('identity');
  expect(plain.body.equals(Buffer.from(expected))).toBe(true);
  const gzip = await scrape('gzip');
  expect(gzip.encoding).toBe('gzip');
  // What curl --compressed and browsers do: one gzip member, read to its end and checked.
  expect(gunzipSync(gzip.body).equals(Buffer.from(expected))).toBe(true);
  expect(cache.plain.equals(Buffer.from(expected))).toBe(true);
}

describe('/metrics bodies from the exposition cache', () => {
  it('serves the parts one after another, byte for byte, plain and gzip, before and after a change', async () => {
    await cache.update('b', PARTS.b);
    await cache.update('a', PARTS.a);
    await expectServed(PARTS.a + PARTS.b);
    await cache.update('b', 'metric_b 3\n');
    await expectServed(`${PARTS.a}metric_b 3\n`);
  });
});
