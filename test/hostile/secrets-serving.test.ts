import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../simulator/index.js';
import { CATEGORIES, CATEGORY_IDS } from '../../src/catalog/categories.js';
import { killAll } from '../support/processes.js';
import { type EchoAnswer, type EchoUpstream, errorBody, startEchoUpstream } from './support/echo-upstream.js';
import { LEAK_KEY, leaksOf, serveAndStop } from './support/leak-check.js';

// Every scenario runs the exporter as a process with a recognisable key and looks for the key's
// random part in everything the process lets out: logs, pages, metrics, the state file.
let simulator: RunningSimulator;
const echoes: EchoUpstream[] = [];

beforeAll(async () => {
  simulator = await createSimulator({ seed: 81, finalizationDelaySeconds: 60 }).listen();
});

afterAll(async () => {
  killAll();
  await simulator?.close();
  for (const echo of echoes) await echo.close();
});

/** JSON text with every `-` written as `\u002d`: the same strings once decoded, other bytes on the wire. */
const escaped = (json: string): string => json.replaceAll('-', '\\u002d');

/** A page the client accepts in every respect but one: each label value is whatever `label` is. */
function pageWithLabels(request: IncomingMessage, label: string): string {
  const url = new URL(request.url ?? '/', 'http://echo.invalid');
  const spec = CATEGORY_IDS.map((id) => CATEGORIES[id]).find((s) => url.pathname.endsWith(`/${s.path}`));
  const start = Number(url.searchParams.get('start_time'));
  const result: Record<string, unknown> = { object: spec?.resultObject };
  for (const field of spec?.fields ?? [])
    result[field.field] = field.field === 'amount' ? { value: 1, currency: 'usd' } : 1;
  for (const dimension of spec?.dimensions ?? []) result[dimension] = label;
  const width =
    { '1m': 60, '1h': 3600, '1d': 86_400 }[url.searchParams.get('bucket_width') ?? '1d'] ?? 86_400;
  const bucket = { object: 'bucket', start_time: start, end_time: start + width, results: [result] };
  return JSON.stringify({ object: 'page', data: [bucket], has_more: false, next_page: null });
}

const ECHOES: readonly (readonly [string, (auth: string, req: IncomingMessage) => EchoAnswer, string])[] = [
  [
    'a 401 message',
    (auth) => ({
      status: 401,
      body: errorBody(
        `Incorrect API key provided: ${auth.slice(7)}. You sent Authorization: ${auth}`,
        'invalid_api_key',
      ),
    }),
    'HTTP 401',
  ],
  [
    'a 403 message and code',
    (auth) => ({ status: 403, body: errorBody(`${auth} lacks the scope api.usage.read`, auth.slice(7)) }),
    'HTTP 403',
  ],
  [
    'a 5xx message',
    (auth) => ({
      status: 503,
      body: errorBody(`overloaded while serving ${auth}`),
      headers: { 'retry-after': '0' },
    }),
    'HTTP 503',
  ],
  [
    'a malformed page',
    (auth) => ({
      status: 200,
      body: JSON.stringify({ object: 'page', data: auth.slice(7), has_more: false, next_page: null }),
    }),
    'contains the admin key',
  ],
  [
    'truncated JSON, spelled with escapes',
    (auth) => ({ status: 200, body: `{"object":"page","data":[{"key":"${escaped(auth)}"` }),
    'not valid JSON',
  ],
  [
    'the label values of a page',
    (auth, req) => ({ status: 200, body: pageWithLabels(req, auth.slice(7)) }),
    'contains the admin key',
  ],
  [
    'the label values of a page, spelled with escapes',
    (auth, req) => ({ status: 200, body: escaped(pageWithLabels(req, auth.slice(7))) }),
    'contains the admin key',
  ],
];

describe('the admin key', () => {
  it('appears nowhere while the exporter polls normally', async () => {
    const run = await serveAndStop(simulator.baseUrl, { OPENAI_ADMIN_KEY: LEAK_KEY });
    expect(run.exitCode, run.output).toBe(0);
    expect(leaksOf(run.exposures)).toEqual([]);
    expect(run.exposures.find((e) => e.where === '/metrics')?.text).toContain(
      'openai_completions_requests_total',
    );
    expect(run.exposures.find((e) => e.where === '/metrics')?.text).toContain(
      'openai_exporter_poll_success{organization="default",category="limits"} 1',
    );
    expect(run.exposures.some((e) => e.where.endsWith('.state.json'))).toBe(true);
    // Nor anything else unexpected: Node's own warnings (a listener leak, say) would show here.
    expect(run.output).not.toMatch(/\(node:\d+\) \w*Warning/);
  }, 45_000);

  it.each(ECHOES)(
    'appears nowhere when the upstream quotes it back in %s',
    async (_, answer, evidence) => {
      const echo = await startEchoUpstream(answer);
      echoes.push(echo);
      const run = await serveAndStop(echo.baseUrl, { OPENAI_ADMIN_KEY: LEAK_KEY });
      expect(run.exitCode, run.output).toBe(0);
      // The key did go out and come back: only the exporter stood between it and the outputs.
      expect(echo.authorizations.length).toBeGreaterThan(0);
      expect(new Set(echo.authorizations)).toEqual(new Set([`Bearer ${LEAK_KEY}`]));
      expect(leaksOf(run.exposures)).toEqual([]);
      expect(run.output).toContain(evidence);
      expect(run.landing).toContain(evidence);
      // The limits endpoints were asked too, and failed without repeating the key.
      expect(run.landing).toMatch(/<th scope="row">limits<\/th><td class="state">failing/);
    },
    45_000,
  );
});
