import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/http/server.js';
import type { WebConfig } from '../../../src/http/web-config/index.js';
import { ENDPOINTS, EXPOSITION, startExporter } from './support/exporter-server.js';
import { basic, get } from './support/requests.js';

// Cost 4, the minimum, keeps every real bcrypt run in these tests to about a millisecond.
const config: WebConfig = {
  basicAuthUsers: new Map([
    ['alice', bcrypt.hashSync('correct horse', 4)],
    // htpasswd writes $2y$; it is the same algorithm and must be accepted.
    ['bob', bcrypt.hashSync('battery staple', 4).replace(/^\$2b\$/, '$2y$')],
  ]),
};

let server: RunningServer;
beforeAll(async () => {
  server = await startExporter(config);
});
afterAll(() => server.close());

const expectedStatus = (path: string) => (path === '/no-such-page' ? 404 : 200);

describe('basic auth', () => {
  it('serves every endpoint to a user with the right password', async () => {
    for (const path of ENDPOINTS) {
      expect((await get(`${server.url}${path}`, { auth: 'alice:correct horse' })).status, path).toBe(
        expectedStatus(path),
      );
      expect((await get(`${server.url}${path}`, { auth: 'bob:battery staple' })).status, path).toBe(
        expectedStatus(path),
      );
    }
    expect((await get(`${server.url}/metrics`, { auth: 'alice:correct horse' })).body).toBe(EXPOSITION);
  });

  const refused: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['a wrong password', { authorization: basic('alice:Correct horse') }],
    ["another user's password", { authorization: basic('alice:battery staple') }],
    ['an unknown user', { authorization: basic('mallory:correct horse') }],
    ['an empty password', { authorization: basic('alice:') }],
    ['another scheme', { authorization: 'Bearer correct-horse' }],
    ['a scheme without credentials', { authorization: 'Basic' }],
    ['credentials that are not base64', { authorization: 'Basic alice:correct horse' }],
    ['credentials without a colon', { authorization: basic('alice') }],
    [
      'credentials that are not UTF-8',
      { authorization: `Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}` },
    ],
  ];

  it.each(refused)('answers %s with the same 401 on every endpoint', async (_name, headers) => {
    for (const path of ENDPOINTS) {
      const response = await get(`${server.url}${path}`, { headers });
      expect(response.status, path).toBe(401);
      expect(response.headers['www-authenticate'], path).toBe('Basic realm="openai-usage-exporter"');
      // No hint about which part was wrong, and nothing from the app behind it.
      expect(response.body, path).toBe('Unauthorized\n');
    }
  });

  it('accepts the scheme name in any case', async () => {
    const authorization = basic('alice:correct horse').replace('Basic', 'bAsIc');
    expect((await get(`${server.url}/metrics`, { headers: { authorization } })).status).toBe(200);
  });

  it('accepts passwords containing colons', async () => {
    const colonServer = await startExporter({
      basicAuthUsers: new Map([['carol', bcrypt.hashSync('a:b:c', 4)]]),
    });
    try {
      expect((await get(`${colonServer.url}/metrics`, { auth: 'carol:a:b:c' })).status).toBe(200);
      expect((await get(`${colonServer.url}/metrics`, { auth: 'carol:a' })).status).toBe(401);
    } finally {
      await colonServer.close();
    }
  });

  it('leaves every endpoint open when no users are configured', async () => {
    for (const config of [undefined, { basicAuthUsers: new Map<string, string>() }]) {
      const open = await startExporter(config);
      try {
        for (const path of ENDPOINTS) {
          expect((await get(`${open.url}${path}`)).status, path).toBe(expectedStatus(path));
        }
      } finally {
        await open.close();
      }
    }
  });
});
