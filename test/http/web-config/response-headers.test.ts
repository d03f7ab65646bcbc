import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/http/server.js';
import { ENDPOINTS, startExporter } from './support/exporter-server.js';
import { get } from './support/requests.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startExporter({
    basicAuthUsers: new Map([['alice', bcrypt.hashSync('pw', 4)]]),
    headers: { 'X-Frame-Options': 'deny', 'Strict-Transport-Security': 'max-age=31536000' },
  });
});
afterAll(() => server.close());

describe('http_server_config.headers', () => {
  it('adds the configured headers to every response, including refusals', async () => {
    for (const path of ENDPOINTS) {
      for (const auth of [undefined, 'alice:pw']) {
        const response = await get(`${server.url}${path}`, auth === undefined ? {} : { auth });
        expect(response.headers['x-frame-options'], `${path} ${auth}`).toBe('deny');
        expect(response.headers['strict-transport-security'], `${path} ${auth}`).toBe('max-age=31536000');
      }
    }
  });
});
