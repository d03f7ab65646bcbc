import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { DEFAULT_PACING } from '../../src/domain/pacing.js';
import { CategoryRenders } from '../../src/exporter/category-renders.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';

const DAY = 86_400;
const TODAY = 1_790_000_000 - (1_790_000_000 % DAY);
const NOW = TODAY + 3600;
const groupBy = loadConfig([], {}).config.categories.costs.groupBy;

function costs(start: number, amount: number): Bucket {
  const values = CATEGORIES.costs.fields.map((field) => (field.field === 'amount' ? amount : Number.NaN));
  return {
    startTime: start,
    endTime: Math.min(start + DAY, NOW),
    rows: [{ labels: groupBy.map(() => 'x'), values }],
  };
}

function costsRenders() {
  const ledger = new CategoryLedger(categoryLayout('costs', groupBy, 100));
  const published: string[] = [];
  const renders = new CategoryRenders(
    {
      async update(key, content) {
        published.push(`${key}:${Buffer.from(content).length}`);
      },
      async refresh(key, render) {
        published.push(`${key}:${Buffer.from(await render()).length}`);
      },
    },
    () => NOW * 1000,
    DEFAULT_PACING,
  );
  renders.add('costs', ledger, 'default');
  return { ledger, published, renders };
}

describe('the midnight roll-over of the cost gauges', () => {
  it('re-renders a category whose last render holds all it counted', async () => {
    const { ledger, published, renders } = costsRenders();
    ledger.ingest('1d', [costs(TODAY, 5)], NOW);
    await renders.afterPoll('costs', ledger, true);
    await renders.rollOver();
    expect(published).toHaveLength(2);
  });

  it('leaves alone a category a poll has changed and not yet published: that poll saves it first', async () => {
    const { ledger, published, renders } = costsRenders();
    ledger.ingest('1d', [costs(TODAY, 5)], NOW);
    await renders.afterPoll('costs', ledger, true);
    // A poll in the middle of its answer (or before its save) has counted more.
    const run = ledger.beginIngest('1d', NOW);
    run.add([{ ...costs(TODAY, 7), first: true }]);
    await renders.rollOver();
    expect(published).toHaveLength(1);
    run.finish();
    await renders.afterPoll('costs', ledger, true);
    await renders.rollOver();
    expect(published).toHaveLength(3);
  });
});
