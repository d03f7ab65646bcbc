// The exporter renders a category after its poll, and the cost gauges at midnight, in slices with
// turns of the event loop between them; what it serves is still one ledger state, rendered whole.

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket, BucketQuery } from '../../src/domain/bucket.js';
import type { Pacing } from '../../src/domain/pacing.js';
import { Exporter } from '../../src/exporter/exporter.js';
import type { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { LedgerRenderer } from '../../src/metrics/ledger-renderer.js';
import { countedPacing } from '../support/counted-pacing.js';

const DAY = 86400;
const NOW = Date.UTC(2026, 10, 20, 23, 50) / 1000;
const LINE_ITEMS = 120;

/** Every day cost something on each of LINE_ITEMS line items; today's bucket ends now. */
const upstream = {
  async fetchBuckets(query: BucketQuery): Promise<{ buckets: Bucket[] }> {
    const buckets: Bucket[] = [];
    for (let start = query.startTime; start < NOW; start += DAY) buckets.push(costsDay(start, 1));
    return { buckets };
  },
};

function costsDay(start: number, scale: number): Bucket {
  return {
    startTime: start,
    endTime: Math.min(start + DAY, NOW),
    rows: Array.from({ length: LINE_ITEMS }, (_, i) => ({
      labels: ['proj_1', `line item ${i}`],
      values: [scale * (i + 0.5), 10 * i, 0],
      unit: 'tokens',
    })),
  };
}

async function costsExporter(pacing: Pacing) {
  const { config } = loadConfig(
    ['--categories=costs', '--names.enabled=false', '--estimate.enabled=false'],
    {},
  );
  const published: Buffer[] = [];
  const parts = {
    async update(key: string, content: string | Uint8Array) {
      if (key === 'costs') published.push(Buffer.from(content));
    },
    async refresh(key: string, render: () => Promise<string | Uint8Array>) {
      await this.update(key, await render());
    },
  };
  const exporter = new Exporter({
    config,
    source: upstream,
    logger: pino({ level: 'silent' }),
    nowMs: () => NOW * 1000,
    parts,
    pacing,
  });
  expect(await exporter.pollAll()).toBe(true);
  const ledger = exporter.ledger('costs') as CategoryLedger;
  return { exporter, ledger, published };
}

const wholeRender = (ledger: CategoryLedger) => new LedgerRenderer(ledger, 'default').render(NOW);

describe('rendering after a poll', () => {
  it('takes turns of the event loop and serves the body a render in one go gives', async () => {
    const pacing = countedPacing();
    const { ledger, published } = await costsExporter(pacing);
    expect(pacing.turns()).toBeGreaterThanOrEqual(5);
    expect(published.at(-1)?.equals(wholeRender(ledger))).toBe(true);
  });

  it('serves one ledger revision when a costs poll lands during the midnight render', async () => {
    let landed: number | undefined;
    let ledger: CategoryLedger | undefined;
    const pacing = countedPacing((turn) => {
      if (ledger === undefined || landed !== undefined) return;
      landed = turn;
      // Today's bill grew: every line item's amount changes at once.
      ledger.ingest('1d', [costsDay(NOW - (NOW % DAY), 3)], NOW);
    });
    const built = await costsExporter(pacing);
    ledger = built.ledger;
    const before = wholeRender(built.ledger);
    await built.exporter.rollOver();
    expect(landed).toBeDefined();
    const after = wholeRender(built.ledger);
    expect(after.equals(before)).toBe(false);
    expect(built.published.at(-1)?.equals(after)).toBe(true);
  });
});
