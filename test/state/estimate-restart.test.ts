import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { persistThenPublish } from '../../src/exporter/persist-then-publish.js';
import { statePath } from '../../src/state/state-file.js';
import { StateKeeper } from '../../src/state/state-keeper.js';
import { parseExposition } from '../support/exposition.js';

// The estimate is saved in the state file at the same instant as the ledgers: a restart continues
// it, a kill -9 between a poll and the estimate's look neither counts an increment twice nor drops
// it, and a state file without the section starts new estimate series instead of recounting.

const DAY = 86_400;
const HOUR = 3600;
const NOW_SECONDS = 1_790_000_000 - (1_790_000_000 % DAY) + 10 * HOUR;
const HOUR_START = NOW_SECONDS - HOUR;
const MODEL = 'text-embedding-3-small';
const M = 2 ** 20;
/** USD per token, dyadic: every product and sum below is exact. */
const PRICE = 2 / M;
const ENABLED = loadConfig(['--categories=embeddings,costs'], {}).config;
const DISABLED = loadConfig(['--categories=embeddings,costs', '--estimate.enabled=false'], {}).config;
const logger = pino({ level: 'silent' });

/** Embeddings usage of one hour (tokens of proj_a) and yesterday's bill of its line item. */
class Upstream {
  tokens = 0;
  async fetchBuckets(query: BucketQuery) {
    const labels = (values: Record<string, string>) => query.groupBy.map((d) => values[d] ?? '');
    if (query.width === '1d') {
      const day = NOW_SECONDS - (NOW_SECONDS % DAY) - DAY;
      const row = {
        labels: labels({ project_id: 'proj_a', line_item: `${MODEL}, input` }),
        values: [2, M, 0],
      };
      return { buckets: [{ startTime: day, endTime: day + DAY, rows: [{ ...row, unit: 'tokens' }] }] };
    }
    if (query.width !== '1h' || this.tokens === 0) return { buckets: [] };
    const row = { labels: labels({ project_id: 'proj_a', model: MODEL }), values: [this.tokens, 1] };
    return { buckets: [{ startTime: HOUR_START, endTime: HOUR_START + HOUR, rows: [row] }] };
  }
}

async function start(dir: string, upstream: Upstream, config = ENABLED) {
  const reporter = { stateSaved() {}, stateRecovered() {} };
  const state = new StateKeeper(dir, 'https://api.openai.com/v1', reporter, logger, () => NOW_SECONDS * 1000);
  const restored = await state.load(config);
  const exporter = new Exporter({
    config,
    source: upstream,
    logger,
    nowMs: () => NOW_SECONDS * 1000,
    restored,
    savedEstimate: state.estimateSection,
  });
  const estimate = exporter.estimate;
  if (estimate !== undefined) state.keepEstimate(() => estimate.saved());
  await exporter.renderAll();
  const afterPoll = persistThenPublish(exporter, state);
  return {
    exporter,
    state,
    /** Every poll as the scheduler runs it: derive, save, then serve. */
    async pollAll() {
      for (const poller of exporter.pollers) {
        for (const width of [...poller.widths].reverse()) await afterPoll(poller, await poller.poll(width));
      }
    },
    served(): number | undefined {
      return parseExposition(exporter.cache.plain.toString()).samples.find(
        (s) => s.name === 'openai_cost_estimated_usd_total' && s.labels.project_id === 'proj_a',
      )?.value;
    },
  };
}

describe('the estimate across restarts', () => {
  it('continues from the state file, and a kill -9 before the estimate looked loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oue-estimate-'));
    const upstream = new Upstream();
    const first = await start(dir, upstream);
    upstream.tokens = 1000;
    await first.pollAll();
    expect(first.served()).toBe(1000 * PRICE);
    // The ledger grows and is saved, then the process dies before the estimate looked at it.
    upstream.tokens = 3000;
    const embeddings = first.exporter.pollers[0];
    if (embeddings === undefined) throw new Error('no poller');
    await embeddings.poll('1h');
    await first.state.save(first.exporter.pollers);

    const second = await start(dir, upstream);
    expect(second.served()).toBe(1000 * PRICE);
    upstream.tokens = 5000;
    await second.pollAll();
    expect(second.served()).toBe(5000 * PRICE);

    const third = await start(dir, upstream);
    expect(third.served()).toBe(5000 * PRICE);
    await third.pollAll();
    expect(third.served()).toBe(5000 * PRICE);
  });

  it('starts new estimate series from a state file without the section: no recount', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oue-estimate-'));
    const upstream = new Upstream();
    const first = await start(dir, upstream);
    upstream.tokens = 1000;
    await first.pollAll();
    const saved = JSON.parse(readFileSync(statePath(dir), 'utf8'));
    expect(saved.estimate.spend).toEqual([['proj_a', MODEL, 1000 * PRICE]]);
    delete saved.estimate;
    writeFileSync(statePath(dir), JSON.stringify(saved));

    const second = await start(dir, upstream);
    expect(second.served()).toBeUndefined();
    upstream.tokens = 1600;
    await second.pollAll();
    expect(second.served()).toBe(600 * PRICE);
  });

  it('keeps the saved estimate while it is turned off, and continues it when turned on again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oue-estimate-'));
    const upstream = new Upstream();
    const first = await start(dir, upstream);
    upstream.tokens = 1000;
    await first.pollAll();

    const off = await start(dir, upstream, DISABLED);
    upstream.tokens = 1500;
    await off.pollAll();
    expect(off.served()).toBeUndefined();
    expect(JSON.parse(readFileSync(statePath(dir), 'utf8')).estimate.spend).toEqual([
      ['proj_a', MODEL, 1000 * PRICE],
    ]);

    // Turned on again, the usage counted while it was off is priced then: the counter continues.
    const on = await start(dir, upstream);
    expect(on.served()).toBe(1000 * PRICE);
    await on.pollAll();
    expect(on.served()).toBe(1500 * PRICE);
  });
});
