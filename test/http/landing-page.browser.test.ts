import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator/index.js';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { landingStatus, organizationStatus } from '../../src/exporter/landing-status.js';
import { VERSION } from '../../src/exporter/version.js';
import { createApp } from '../../src/http/app.js';
import { listen, type RunningServer } from '../../src/http/server.js';
import { UsageClient } from '../../src/openai/index.js';
import { parseExposition } from '../support/exposition.js';
import { ChromiumMissingError, type HeadlessBrowser, launchChromium, requireChromium } from './chromium.js';

// One poll of every category against the simulator, then the page looked at 90 s later.
const START_MS = Date.UTC(2026, 10, 20, 12, 0, 17);
const SINCE_POLL_SECONDS = 90;
const HOSTILE_MESSAGE =
  '<script>window.__injected = true</script><img src=x onerror="window.__injected = true">';
const SIMULATED_500 = 'The server had an error while processing your request. Sorry about that!';

let now = START_MS;
let simulator: Simulator;
let upstream: Server;
let server: RunningServer;
/** The same exporter shown as two organizations, the second refused for its key. */
let grouped: RunningServer;
let browser: HeadlessBrowser;
let page: Page;

/** The simulator, except that images answer with an error whose message is markup. */
async function startUpstream(): Promise<string> {
  upstream = createServer((req, res) => {
    if (req.url?.startsWith('/v1/organization/usage/images') === true) {
      res.writeHead(400, { 'content-type': 'application/json' });
      const error = { message: HOSTILE_MESSAGE, type: 'invalid_request_error', param: null, code: null };
      res.end(JSON.stringify({ error }));
      return;
    }
    simulator.requestListener(req, res);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
}

beforeAll(async () => {
  requireChromium();
  simulator = createSimulator({ seed: 5, now: () => now, finalizationDelaySeconds: 300 });
  simulator.faults.inject({ kind: 'status', status: 500, pathPrefix: 'organization/usage/moderations' });
  const client = new UsageClient({
    baseUrl: await startUpstream(),
    adminKey: 'sk-admin-landing-page',
    sleep: async () => {},
  });
  const config = loadConfig([], {}).config;
  const exporter = new Exporter({
    config,
    source: client,
    logger: pino({ level: 'silent' }),
    nowMs: () => now,
  });
  server = await listen(
    createApp({
      telemetryPath: config.web.telemetryPath,
      exposition: exporter.cache,
      isReady: () => exporter.ready,
      landing: () => landingStatus(exporter, now),
    }),
    '127.0.0.1:0',
  );
  grouped = await listen(
    createApp({
      telemetryPath: config.web.telemetryPath,
      exposition: exporter.cache,
      isReady: () => exporter.ready,
      landing: () => ({
        ...landingStatus(exporter, now),
        organizations: [
          { organization: 'acme', ...organizationStatus(exporter) },
          { organization: 'globex', ...organizationStatus(exporter), refused: HOSTILE_MESSAGE },
        ],
      }),
    }),
    '127.0.0.1:0',
  );
  await exporter.pollAll();
  now += SINCE_POLL_SECONDS * 1000;
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await grouped?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

async function openLandingPage(): Promise<void> {
  const response = await page.goto(`${server.url}/`);
  expect(response?.status()).toBe(200);
}

async function cellsOf(category: string): Promise<Record<string, string>> {
  const headers = await page.locator('thead th').allInnerTexts();
  const row = page.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: category }) });
  await expect.poll(() => row.count()).toBe(1);
  const cells = await row.locator('th, td').allInnerTexts();
  return Object.fromEntries(headers.map((header, i) => [header, cells[i]?.trim() ?? '']));
}

describe('the landing page in a browser', () => {
  it('shows the version of the running exporter', async () => {
    const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(VERSION).toBe(packageVersion);
    await openLandingPage();
    await expect.poll(() => page.title()).toBe('OpenAI usage exporter');
    expect(await page.locator('body').innerText()).toContain(`Version ${packageVersion}`);
  });

  it('lists every category once, each healthy one as ok with the age of its newest data', async () => {
    await openLandingPage();
    const listed = await page.locator('tbody th[scope="row"]').allInnerTexts();
    expect(listed).toEqual([...CATEGORY_IDS]);
    for (const category of CATEGORY_IDS.filter((id) => id !== 'moderations' && id !== 'images')) {
      const cells = await cellsOf(category);
      expect(cells.Status, category).toBe('ok');
      expect(cells['Newest data'], category).toMatch(/^\d+s ago$/);
      expect(cells['Last successful poll'], category).toContain(`${SINCE_POLL_SECONDS}s ago`);
      expect(cells['Last error'], category).toBe('');
    }
    expect(Number((await cellsOf('completions')).Series)).toBeGreaterThan(0);
  });

  it('gives the exact UTC time of the newest data on hover', async () => {
    await openLandingPage();
    const newest = page
      .locator('tbody tr')
      .filter({ has: page.getByRole('rowheader', { name: 'completions' }) })
      .locator('td time')
      .first();
    const datetime = await newest.getAttribute('datetime');
    expect(datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(datetime ?? '')).toBeLessThanOrEqual(START_MS + 1000);
    expect(await newest.getAttribute('title')).toBe(datetime);
  });

  it('shows a category whose polls fail as failing, with the upstream error text', async () => {
    await openLandingPage();
    const cells = await cellsOf('moderations');
    expect(cells.Status).toBe('failing');
    expect(cells['Last error']).toContain('upstream answered HTTP 500');
    expect(cells['Last error']).toContain(SIMULATED_500);
    expect(cells['Last successful poll']).toContain('never');
    const summary = await page.locator('.summary').innerText();
    expect(summary).toContain(`2 of ${CATEGORY_IDS.length} categories failing: moderations, images`);
  });

  it('shows markup in an error message as text and never runs it', async () => {
    await openLandingPage();
    const cells = await cellsOf('images');
    expect(cells.Status).toBe('failing');
    expect(cells['Last error']).toContain(HOSTILE_MESSAGE);
    expect(await page.evaluate(() => (globalThis as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(await page.locator('tbody script, tbody img').count()).toBe(0);
  });

  async function clickMetrics(): Promise<string> {
    await openLandingPage();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${server.url}/metrics`),
      page.getByRole('link', { name: 'Metrics' }).click(),
    ]);
    await page.waitForURL(`${server.url}/metrics`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  }

  it('links to the metrics, and the link opens the exposition', async () => {
    const parsed = parseExposition(await clickMetrics());
    expect(parsed.samples.some((s) => s.name.startsWith('openai_completions_') && s.value > 0)).toBe(true);
    expect(await page.locator('body').innerText()).toMatch(/^# HELP openai_/);
  });

  // Chromium (like curl --compressed) decodes only the first member of a multi-member gzip body,
  // so the cache must serve its independently compressed parts as one member.
  it('shows the whole exposition, self-metrics included, not only its first gzip member', async () => {
    const parsed = parseExposition(await clickMetrics());
    expect(parsed.samples.some((s) => s.name === 'openai_exporter_build_info')).toBe(true);
  });

  it('links to the documentation, health and readiness', async () => {
    await openLandingPage();
    for (const [name, href] of [
      ['Health', '/-/healthy'],
      ['Readiness', '/-/ready'],
    ] as const) {
      expect(await page.getByRole('link', { name }).getAttribute('href')).toBe(href);
    }
    expect(await page.getByRole('link', { name: 'Documentation' }).getAttribute('href')).toMatch(
      /^https:\/\//,
    );
  });
});

describe('the landing page of several organizations in a browser', () => {
  it('groups the status by organization, each with its own table and summary', async () => {
    const response = await page.goto(`${grouped.url}/`);
    expect(response?.status()).toBe(200);
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(headings).toEqual(['Organization acme', 'Organization globex']);
    expect(await page.locator('table').count()).toBe(2);
    const listed = await page.locator('tbody th[scope="row"]').allInnerTexts();
    expect(listed).toEqual([...CATEGORY_IDS, ...CATEGORY_IDS]);
    expect(await page.locator('.summary').count()).toBe(3);
  });

  it('says why an organization is refused, as text', async () => {
    await page.goto(`${grouped.url}/`);
    const refusal = page.locator('p.refused');
    expect(await refusal.allInnerTexts()).toEqual([HOSTILE_MESSAGE]);
    expect(await page.evaluate(() => (globalThis as { __injected?: boolean }).__injected)).toBeUndefined();
  });
});

describe('the browser tests', () => {
  it('fail with an installation hint, rather than skip, when Chromium is missing', () => {
    expect(() => requireChromium('/nonexistent/chromium')).toThrow(ChromiumMissingError);
    expect(() => requireChromium('/nonexistent/chromium')).toThrow(/apt-get install chromium/);
  });
});
