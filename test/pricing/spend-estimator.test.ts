import { describe, expect, it } from 'vitest';
import { estimateSpend, type UsageIncrement } from '../../src/pricing/spend-estimator.js';
import { type BillLine, bookOf as learnedBook, M, testList } from './price-fixtures.js';

const MODEL = 'gpt-4o-audio-preview-2024-12-17';

/** Dyadic prices, so every product and sum below is exact. */
const BILL: BillLine[] = [
  [`${MODEL}, input`, 2, M],
  [`${MODEL}, cached input`, 1, M],
  [`${MODEL}, cached audio input`, 0.5, M],
  [`${MODEL}, audio input`, 32, M],
  [`${MODEL}, output`, 8, M],
  [`${MODEL}, audio output`, 64, M],
  [`${MODEL}, batch input`, 1, M],
  [`${MODEL}, batch output`, 4, M],
  ['Code interpreter sessions', 0.125, 4],
];

/** Learned from the bill alone: nothing is listed. */
const bookOf = (bill: BillLine[]) => learnedBook(bill, testList());

const completions = (projectId: string, batch: string, values: Record<string, number>): UsageIncrement => ({
  category: 'completions',
  projectId,
  model: MODEL,
  labels: { batch },
  values,
});

describe('estimateSpend', () => {
  it('is each charge quantity (field minus its billed-apart parts) times its unit price', () => {
    const row = {
      input_tokens: 1000,
      input_cached_tokens: 300,
      input_cached_audio_tokens: 100,
      input_audio_tokens: 200,
      output_tokens: 500,
      output_audio_tokens: 100,
      num_model_requests: 7,
    };
    const estimate = estimateSpend([completions('proj_a', 'false', row)], bookOf(BILL));
    const expected = (500 * 2 + 200 * 1 + 100 * 0.5 + 200 * 32 + 400 * 8 + 100 * 64) / M;
    expect(estimate.spend).toEqual([{ projectId: 'proj_a', model: MODEL, usd: expected }]);
    expect(estimate.unpriced).toEqual([]);
  });

  it('prices batch rows at the batch line items and sums per project and model', () => {
    const book = bookOf(BILL);
    const estimate = estimateSpend(
      [
        completions('proj_a', 'true', { input_tokens: 1024, output_tokens: 256 }),
        completions('proj_a', 'false', { input_tokens: 1024, output_tokens: 0 }),
        completions('proj_b', 'true', { input_tokens: 2048, output_tokens: 0 }),
      ],
      book,
    );
    expect(estimate.spend).toEqual([
      { projectId: 'proj_a', model: MODEL, usd: (1024 * 1 + 256 * 4 + 1024 * 2) / M },
      { projectId: 'proj_b', model: MODEL, usd: (2048 * 1) / M },
    ]);
  });

  it('counts a field the upstream left out (absent or NaN) as 0', () => {
    const estimate = estimateSpend(
      [completions('p', 'false', { input_tokens: 64, input_cached_tokens: Number.NaN, output_tokens: 0 })],
      bookOf(BILL),
    );
    expect(estimate.spend[0]?.usd).toBe((64 * 2) / M);
  });

  it('counts what it cannot price by category, field and model, and prices the rest', () => {
    const book = bookOf(BILL);
    const estimate = estimateSpend(
      [
        completions('p', 'false', { input_tokens: 100, output_tokens: 10, input_cache_write_tokens: 30 }),
        {
          category: 'completions',
          projectId: 'p',
          model: 'ft:gpt-4o-mini-2024-07-18:acme::x',
          labels: {},
          values: { input_tokens: 50, output_tokens: 5 },
        },
        { category: 'code_interpreter_sessions', projectId: 'p', model: '', values: { num_sessions: 3 } },
        {
          category: 'moderations',
          projectId: 'p',
          model: 'omni-moderation-latest',
          values: { input_tokens: 9 },
        },
      ],
      book,
    );
    expect(estimate.unpriced).toEqual([
      { category: 'completions', field: 'input_cache_write_tokens', model: MODEL, units: 30 },
      {
        category: 'completions',
        field: 'input_tokens',
        model: 'ft:gpt-4o-mini-2024-07-18:acme::x',
        units: 50,
      },
      {
        category: 'completions',
        field: 'output_tokens',
        model: 'ft:gpt-4o-mini-2024-07-18:acme::x',
        units: 5,
      },
    ]);
    expect(estimate.spend).toEqual([
      { projectId: 'p', model: MODEL, usd: (70 * 2 + 10 * 8) / M },
      { projectId: 'p', model: '', usd: 3 * (0.125 / 4) },
    ]);
  });

  it('adds up to the bill it learned from when usage and bill cover the same day', () => {
    const book = bookOf(BILL);
    // The usage behind BILL: every line item's quantity is M tokens.
    const nonBatch = {
      input_tokens: 4 * M,
      input_cached_tokens: 2 * M,
      input_cached_audio_tokens: M,
      input_audio_tokens: M,
      output_tokens: 2 * M,
      output_audio_tokens: M,
    };
    const estimate = estimateSpend(
      [
        completions('p', 'false', nonBatch),
        completions('p', 'true', { input_tokens: M, output_tokens: M }),
        { category: 'code_interpreter_sessions', projectId: 'p', model: '', values: { num_sessions: 4 } },
      ],
      book,
    );
    const billed = BILL.reduce((sum, [, amount]) => sum + amount, 0);
    expect(estimate.spend.reduce((sum, s) => sum + s.usd, 0)).toBe(billed);
  });

  it('reports the prices it used and where they came from', () => {
    const estimate = estimateSpend(
      [completions('p', 'true', { input_tokens: 8, output_tokens: 0 })],
      bookOf(BILL),
    );
    expect(estimate.prices).toMatchObject([
      { model: MODEL, kind: 'batch input', source: 'billed', price: 1 / M },
    ]);
    // What was asked, to ask again when the prices are learned anew.
    expect(estimate.prices[0]?.query).toMatchObject({ model: MODEL, variants: ['batch'] });
  });
});
