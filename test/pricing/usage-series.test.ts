import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { combinationOf } from '../../src/pricing/spend-estimator.js';
import { SeriesLabels } from '../../src/pricing/usage-series.js';

const HOUR = 3600;
const START = 1_786_492_800;

function completions(): CategoryLedger {
  const ledger = new CategoryLedger({
    spec: CATEGORIES.completions,
    labelNames: ['project_id', 'model', 'batch'],
    coarseWidth: '1h',
    fineWidth: '1m',
    seriesLimit: 100,
  });
  const fields = CATEGORIES.completions.fields.length;
  ledger.ingest(
    '1h',
    [
      {
        startTime: START,
        endTime: START + HOUR,
        rows: [
          { labels: ['p1', 'gpt-4o-2024-08-06', 'false'], values: new Array(fields).fill(1) },
          { labels: ['p2', 'gpt-4o-2024-08-06', 'false'], values: new Array(fields).fill(2) },
        ],
      },
    ],
    START + HOUR,
  );
  return ledger;
}

describe('SeriesLabels', () => {
  // The estimate reads every series that grew after each poll: what a series' labels say is worked
  // out once, not on every look.
  it("reads a series' labels once, and shares them with the series priced alike", () => {
    const labels = new SeriesLabels(completions(), 'completions');
    const first = labels.increment(0, [5]);
    const again = labels.increment(0, [7]);
    const other = labels.increment(1, [9]);
    expect(first).toMatchObject({ projectId: 'p1', model: 'gpt-4o-2024-08-06', labels: { batch: 'false' } });
    expect(again.labels).toBe(first.labels);
    expect(other.projectId).toBe('p2');
    expect(other.labels).toBe(first.labels);
    expect(first.combination).toBe(combinationOf('completions', 'gpt-4o-2024-08-06', { batch: 'false' }));
    expect(other.combination).toBe(first.combination);
  });
});
