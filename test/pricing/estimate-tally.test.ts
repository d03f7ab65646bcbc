import { describe, expect, it } from 'vitest';
import { EstimateTally } from '../../src/pricing/estimate-tally.js';

const spend = (usd: number) => ({
  spend: [{ projectId: 'p', model: 'gpt-4o', usd }],
  unpriced: [],
  prices: [],
});
const usdOf = (tally: EstimateTally) => tally.spend.map((entry) => entry.usd);

describe('the estimate tally', () => {
  it('never lowers the counter: a negative increment is owed and repaid from the next positive ones', () => {
    // Cached tokens that grow in a later poll than their input tokens price negative (uncached
    // input is input minus cached), then the input's growth brings the total back.
    const tally = new EstimateTally();
    tally.add(spend(10));
    tally.add(spend(-3));
    expect(usdOf(tally)).toEqual([10]);
    tally.add(spend(2));
    expect(usdOf(tally)).toEqual([10]);
    tally.add(spend(5));
    expect(usdOf(tally)).toEqual([14]);
  });

  it('keeps what is owed across a restart', () => {
    const tally = new EstimateTally();
    tally.add(spend(10));
    tally.add(spend(-4));
    const restored = EstimateTally.restore(JSON.parse(JSON.stringify(tally.saved())));
    restored.add(spend(6));
    expect(usdOf(restored)).toEqual([12]);
  });

  it('reads a saved tally without anything owed (as first written)', () => {
    const restored = EstimateTally.restore({ spend: [['p', 'gpt-4o', 7]], unpriced: [], days: [] });
    restored.add(spend(1));
    expect(usdOf(restored)).toEqual([8]);
  });
});
