// Pricing pauses for the event loop, and the Scheduler runs different categories' polls at once: a
// costs poll prices every usage ledger's waiting growth while an embeddings poll prices its own.
// Those two looks at one ledger must not overlap, or the same growth is priced twice.

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket } from '../../src/domain/bucket.js';
import type { Pacing } from '../../src/domain/pacing.js';
import { Exporter } from '../../src/exporter/exporter.js';
import type { CategoryPoller } from '../../src/poller/category-poller.js';

const HOUR = 3600;
const DAY = 86400;
const NOW = Date.UTC(2026, 10, 20, 12) / 1000;
const TODAY = NOW - (NOW % DAY);
const MODEL = 'text-embedding-3-small';

function usage(start: number, scale: number): Bucket {
  return {
    startTime: start,
    endTime: start + HOUR,
    rows: Array.from({ length: 600 }, (_, p) => ({
      labels: [`proj_${p}`, MODEL],
      values: [scale * (p + 1), 1],
    })),
  };
}

function bill(day: number, amount: number): Bucket {
  return {
    startTime: day,
    endTime: day + DAY,
    rows: [{ labels: ['proj_0', `${MODEL}, input`], values: [amount, 1_000_000, 0], unit: 'tokens' }],
  };
}

const source = {
  async fetchBuckets(): Promise<{ buckets: Bucket[] }> {
    return { buckets: [] };
  },
};

/** A clock that moves one unit per look: every step gives the loop a turn. */
const everyStep: Pacing = {
  sliceMs: 1,
  now: (() => {
    let clock = 0;
    return () => clock++;
  })(),
  yieldToLoop: () => new Promise((resolve) => setImmediate(resolve)),
};

async function primed() {
  const config = loadConfig(['--categories=embeddings,costs', '--names.enabled=false'], {}).config;
  const exporter = new Exporter({
    config,
    source,
    logger: pino({ level: 'silent' }),
    nowMs: () => NOW * 1000,
    pacing: everyStep,
  });
  const [embeddings, costs] = ['embeddings', 'costs'].map((id) =>
    exporter.pollers.find((p) => p.spec.id === id),
  ) as [CategoryPoller, CategoryPoller];
  costs.ledger.ingest('1d', [bill(TODAY - 2 * DAY, 0.02)], NOW);
  embeddings.ledger.ingest('1h', [usage(TODAY, 1000)], NOW);
  await exporter.derive(costs);
  // Growth waiting to be priced, and a new bill that prices it again for every usage ledger.
  embeddings.ledger.ingest('1h', [usage(TODAY + HOUR, 5000)], NOW);
  costs.ledger.ingest('1d', [bill(TODAY - DAY, 0.02)], NOW);
  return { exporter, embeddings, costs };
}

const dollars = (exporter: Exporter) => JSON.stringify(exporter.estimate?.saved());

describe('two polls deriving the estimate at once', () => {
  it('price the growth of a usage ledger once, as when they run one after the other', async () => {
    const oneByOne = await primed();
    await oneByOne.exporter.derive(oneByOne.costs);
    await oneByOne.exporter.derive(oneByOne.embeddings);
    const atOnce = await primed();
    await Promise.all([atOnce.exporter.derive(atOnce.costs), atOnce.exporter.derive(atOnce.embeddings)]);
    expect(dollars(atOnce.exporter)).toBe(dollars(oneByOne.exporter));
  });
});
