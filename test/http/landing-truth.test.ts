import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { type CategoryStatus, renderLandingPage } from '../../src/http/landing-page.js';
import { listen, type RunningServer } from '../../src/http/server.js';

const NOW = 1_800_000_000;
const polled: CategoryStatus = {
  category: 'completions',
  widths: [{ width: '1m', attempted: true, lastSuccess: NOW - 30 }],
  newestBucketEnd: NOW - 60,
  series: 3,
};

describe('the landing page tells the truth', () => {
  it('says plainly, in --demo, that the data is simulated', () => {
    const html = renderLandingPage(
      { version: '1', nowSeconds: NOW, categories: [polled], demo: true },
      '/metrics',
    );
    expect(html).toMatch(/<p class="demo">[^<]*simulated[^<]*not[^<]*OpenAI/);
    expect(
      renderLandingPage({ version: '1', nowSeconds: NOW, categories: [polled] }, '/metrics'),
    ).not.toContain('simulated');
  });

  it('shows the names poll with its status and last error', () => {
    const failing = renderLandingPage(
      {
        version: '1',
        nowSeconds: NOW,
        categories: [polled],
        names: { attempted: true, lastSuccess: NOW - 900, lastError: 'HTTP 403: <no access>' },
      },
      '/metrics',
    );
    expect(failing).toMatch(/<tr class="failing"><th scope="row">names<\/th><td class="state">failing<\/td>/);
    expect(failing).toContain('HTTP 403: &lt;no access&gt;');
    const waiting = renderLandingPage(
      { version: '1', nowSeconds: NOW, categories: [polled], names: { attempted: false } },
      '/metrics',
    );
    expect(waiting).toMatch(/<th scope="row">names<\/th><td class="state">waiting for first poll<\/td>/);
  });

  it('shows the limits poll with its status and last error, escaped', () => {
    const page = (limits: { attempted: boolean; lastSuccess?: number; lastError?: string }) =>
      renderLandingPage({ version: '1', nowSeconds: NOW, categories: [polled], limits }, '/metrics');
    const failing = page({ attempted: true, lastError: 'limits: upstream answered HTTP 403 <no access>' });
    expect(failing).toMatch(
      /<tr class="failing"><th scope="row">limits<\/th><td class="state">failing<\/td>/,
    );
    expect(failing).toContain('HTTP 403 &lt;no access&gt;');
    expect(page({ attempted: true, lastSuccess: NOW - 60 })).toMatch(
      /<tr class="ok"><th scope="row">limits<\/th><td class="state">ok<\/td><td>spend limits, spend alerts and rate limits<\/td>/,
    );
    expect(page({ attempted: false })).toMatch(
      /<th scope="row">limits<\/th><td class="state">waiting for first poll<\/td>/,
    );
    expect(
      renderLandingPage({ version: '1', nowSeconds: NOW, categories: [polled] }, '/metrics'),
    ).not.toContain('>limits<');
  });
});

describe('/-/ready', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const app = createApp({
      telemetryPath: '/metrics',
      exposition: { plainBody: async () => Buffer.from(''), gzip: Buffer.from('') },
      isReady: () => false,
      pending: () => ['costs 1d', 'images 1h'],
      landing: () => ({ version: '1', nowSeconds: NOW, categories: [] }),
    });
    server = await listen(app, '127.0.0.1:0');
  });
  afterAll(() => server.close());

  it('lists the polls still pending in its 503 body', async () => {
    const response = await fetch(`${server.url}/-/ready`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('Not ready: waiting for the first poll of costs 1d, images 1h\n');
  });
});
