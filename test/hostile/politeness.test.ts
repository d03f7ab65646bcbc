import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, type CategoryId } from '../../src/catalog/categories.js';
import type { CategoryPoller } from '../../src/poller/category-poller.js';
import { FaultHarness } from './support/fault-harness.js';
import { sampleValue } from './support/scrape-checks.js';

// Waits are virtual: every sleep the client or the shared gate asks for moves the injected clock
// on by exactly that much, so "when" below is upstream time as the exporter would live it.
type Event =
  | { readonly kind: 'response'; readonly category: CategoryId; readonly code: string; readonly at: number }
  | { readonly kind: 'sleep'; readonly who: 'client' | 'gate'; readonly ms: number; readonly at: number };

const RETRY_AFTER_MS = 7000;
const MAX_RETRIES = 4;
let harness: FaultHarness;
const events: Event[] = [];

const poller = (id: CategoryId): CategoryPoller => {
  const found = harness.exporter.pollers.find((p) => p.spec.id === id);
  if (found === undefined) throw new Error(`no poller for ${id}`);
  return found;
};
const responses = (category?: CategoryId) =>
  events.filter(
    (e): e is Extract<Event, { kind: 'response' }> =>
      e.kind === 'response' && (category === undefined || e.category === category),
  );
const sleeps = (who: 'client' | 'gate') =>
  events.filter((e): e is Extract<Event, { kind: 'sleep' }> => e.kind === 'sleep' && e.who === who);

beforeAll(async () => {
  harness = await FaultHarness.start({
    seed: 61,
    trafficMinutes: 120,
    client: { maxRetries: MAX_RETRIES },
    onSleep: (ms, who) => {
      events.push({ kind: 'sleep', who, ms, at: harness.nowMs });
      harness.advanceBy(ms);
    },
    onResponse: (category, code) => events.push({ kind: 'response', category, code, at: harness.nowMs }),
  });
  await harness.playUntil(0);
});

afterEach(() => harness.simulator.faults.clear());

afterAll(async () => {
  await harness?.close();
});

describe('the exporter facing a 429 storm', () => {
  it('makes every category wait out the pause that a 429 on one category asked for', async () => {
    harness.simulator.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: String(RETRY_AFTER_MS / 1000),
      pathPrefix: CATEGORIES.completions.path,
    });
    events.length = 0;
    await poller('completions').poll('1m');
    const rateLimited = responses('completions');
    expect(rateLimited.map((r) => r.code)).toEqual(Array(MAX_RETRIES + 1).fill('429'));
    const lastRateLimited = rateLimited.at(-1)?.at ?? Number.NaN;

    await poller('embeddings').poll('1m');
    const [embeddings] = responses('embeddings');
    expect(embeddings?.code).toBe('200');
    expect((embeddings?.at ?? 0) - lastRateLimited).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
    expect(sleeps('gate').map((s) => s.ms)).toEqual([RETRY_AFTER_MS]);

    // Once the pause is over nobody waits any more: the wait above was the shared back-off.
    events.length = 0;
    await poller('moderations').poll('1m');
    expect(responses('moderations').map((r) => r.code)).toEqual(['200']);
    expect(sleeps('gate')).toEqual([]);
  });

  it('sends a bounded number of requests, each after the pause the previous 429 asked for', async () => {
    harness.simulator.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: String(RETRY_AFTER_MS / 1000),
    });
    // The first test polled outside a round; the self-metrics are brought up to date first.
    await harness.exporter.refreshSelfMetrics();
    const before = await harness.scrape();
    const requestsBefore = harness.simulator.stats.total;
    events.length = 0;
    await harness.playUntil(15);
    const after = await harness.scrape();

    const failedPolls =
      sampleValue(after, 'openai_exporter_polls_total', { result: 'failure' }) -
      sampleValue(before, 'openai_exporter_polls_total', { result: 'failure' });
    const pollsAt = (width: '1m' | '1h' | '1d') =>
      harness.exporter.pollers.filter((p) => p.widths.includes(width)).length;
    // Rounds at minutes 5, 10 and 15 poll minutes and days; the one at 15 polls hours too.
    expect(failedPolls).toBe(3 * (pollsAt('1m') + pollsAt('1d')) + pollsAt('1h'));
    expect(sampleValue(after, 'openai_exporter_polls_total', { result: 'success' })).toBe(
      sampleValue(before, 'openai_exporter_polls_total', { result: 'success' }),
    );
    // Each poll gives up after its retries: no request is ever repeated beyond that.
    expect(harness.simulator.stats.total - requestsBefore).toBe(failedPolls * (MAX_RETRIES + 1));
    expect(responses().every((r) => r.code === '429')).toBe(true);
    expect(sleeps('client').every((s) => s.ms === RETRY_AFTER_MS)).toBe(true);
    const times = responses().map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
  });

  it('resumes polling every category once the storm is over', async () => {
    await harness.playUntil(harness.minute + 10);
    const scrape = harness.lastScrape;
    const success = scrape.parsed.samples.filter((s) => s.name === 'openai_exporter_poll_success');
    expect(success).toHaveLength(harness.exporter.pollers.flatMap((p) => p.widths).length);
    expect(success.filter((s) => s.value !== 1)).toEqual([]);
    expect(harness.regressions).toEqual([]);
  });
});

describe('the exporter facing a 429 that asks for a long pause', () => {
  it('pauses every category for the whole Retry-After and fails that poll without asking again', async () => {
    const pauseMs = 5 * 60 * 1000;
    harness.simulator.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: String(pauseMs / 1000),
      pathPrefix: CATEGORIES.completions.path,
      count: 1,
    });
    events.length = 0;
    expect(await poller('completions').poll('1m')).toBe(false);
    expect(responses('completions').map((r) => r.code)).toEqual(['429']);
    expect(sleeps('client')).toEqual([]);
    expect(poller('completions').progress['1m']?.lastError).toContain('300 s');
    const limitedAt = responses('completions')[0]?.at ?? Number.NaN;

    await poller('embeddings').poll('1m');
    expect(sleeps('gate').map((s) => s.ms)).toEqual([pauseMs]);
    const [embeddings] = responses('embeddings');
    expect(embeddings?.code).toBe('200');
    expect((embeddings?.at ?? 0) - limitedAt).toBeGreaterThanOrEqual(pauseMs);

    events.length = 0;
    expect(await poller('completions').poll('1m')).toBeTypeOf('boolean');
    expect(responses('completions').map((r) => r.code)).toEqual(['200']);
    expect(sleeps('gate')).toEqual([]);
  });
});
