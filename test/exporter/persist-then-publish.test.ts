import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../simulator/index.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { persistThenPublish } from '../../src/exporter/persist-then-publish.js';
import { UsageClient } from '../../src/openai/index.js';
import { parseExposition, sumOf } from '../support/exposition.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
let upstream: RunningSimulator;

beforeAll(async () => {
  upstream = await createSimulator({ seed: 2, now: () => NOW }).listen();
});
afterAll(() => upstream.close());

describe('after a poll', () => {
  it('makes the new counters durable before any scrape can see them', async () => {
    const config = loadConfig(['--categories=embeddings'], {}).config;
    const client = new UsageClient({
      baseUrl: upstream.baseUrl,
      adminKey: 'sk-admin-order',
      sleep: async () => {},
    });
    const exporter = new Exporter({
      config,
      source: client,
      logger: pino({ level: 'silent' }),
      nowMs: () => NOW,
    });
    const served = () =>
      sumOf(parseExposition(exporter.cache.plain.toString()), 'openai_embeddings_input_tokens_total');
    const servedDuringSave: number[] = [];
    let savedTotal = 0;
    const state = {
      async save() {
        servedDuringSave.push(served());
        await new Promise((resolve) => setTimeout(resolve, 20));
        savedTotal = exporter.ledger('embeddings')?.totals[0] ?? 0;
      },
    };
    const poller = exporter.pollers[0];
    if (poller === undefined) throw new Error('no poller');
    const changed = await poller.poll('1h');
    expect(changed).toBe(true);
    await persistThenPublish(exporter, state)(poller, changed);
    expect(servedDuringSave).toEqual([0]);
    expect(served()).toBeGreaterThan(0);
    expect(savedTotal).toBeGreaterThan(0);
  });
});
