import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';

let server: Server;
let port: number;

beforeAll(async () => {
  const app = createApp({
    telemetryPath: '/metrics',
    exposition: { plainBody: async () => Buffer.from('plain'), gzip: Buffer.from('gzipped') },
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

/** The Content-Encoding /metrics answers with; node:http, unlike fetch, neither sends nor decodes gzip by itself. */
function encodingFor(acceptEncoding: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const req = httpRequest({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers['content-encoding'] ?? 'identity')));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('/metrics content encoding', () => {
  it.each([
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'gzip'],
    ['GZIP', 'gzip'],
    ['deflate, gzip;q=0.5', 'gzip'],
    ['*', 'gzip'],
    ['identity', 'identity'],
    ['deflate, br', 'identity'],
    ['gzip;q=0', 'identity'],
    ['*;q=0', 'identity'],
    ['', 'identity'],
  ])('answers Accept-Encoding "%s" with %s', async (acceptEncoding, expected) => {
    expect(await encodingFor(acceptEncoding)).toBe(expected);
  });

  it('sends plain text to a client that names no encoding at all', async () => {
    expect(await encodingFor(undefined)).toBe('identity');
  });
});
