import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { PageShapeError } from '../../src/openai/result-reader.js';
import { scanPage } from '../support/scan-page.js';

/** The rows of one bucket holding `results`, ungrouped. */
function rows(category: 'costs' | 'file_search_calls' | 'web_search_calls', results: unknown[]) {
  const body = {
    object: 'page',
    data: [{ object: 'bucket', start_time: 1_785_542_400, end_time: 1_785_628_800, results }],
    has_more: false,
    next_page: null,
  };
  return scanPage(category, [], body).buckets[0]?.rows ?? [];
}

const cost = (extra: Record<string, unknown>) => ({
  object: 'organization.costs.result',
  amount: { value: 0.06, currency: 'usd' },
  line_item: 'input_tokens',
  project_id: 'proj_abc',
  ...extra,
});

describe('reading the costs quantity', () => {
  const quantityIndex = CATEGORIES.costs.fields.findIndex((f) => f.field === 'quantity');

  it('is the second costs field, after the amount (credits, derived from the amount, come last)', () => {
    expect(CATEGORIES.costs.fields.map((f) => f.field)).toEqual(['amount', 'quantity', 'credits']);
    expect(quantityIndex).toBe(1);
  });

  it('passes whole and fractional quantities through, and numeric strings like amounts', () => {
    const values = rows('costs', [
      cost({ quantity: 10_000, quantity_unit: 'tokens' }),
      cost({ quantity: 0.0416015625, quantity_unit: 'gibibyte_hours' }),
      cost({ quantity: '12.50', quantity_unit: null }),
    ]).map((row) => row.values);
    expect(values).toEqual([
      [0.06, 10_000, 0],
      [0.06, 0.0416015625, 0],
      [0.06, 12.5, 0],
    ]);
  });

  it('marks a missing, null or unreadable quantity NaN and keeps the amount', () => {
    const values = rows('costs', [
      cost({}),
      cost({ quantity: null, quantity_unit: null }),
      cost({ quantity: { value: 3 } }),
      cost({ quantity: 'a few' }),
      cost({ quantity: Number.POSITIVE_INFINITY }),
    ]).map((row) => row.values);
    for (const [amount, quantity] of values) {
      expect(amount).toBe(0.06);
      expect(quantity).toBeNaN();
    }
  });
});

describe('reading the tool-call categories', () => {
  it('reads file search results under their organization.usage.file_searches.result object', () => {
    const [row] = rows('file_search_calls', [
      {
        object: 'organization.usage.file_searches.result',
        num_requests: 2,
        project_id: 'proj_abc',
        user_id: 'user-abc',
        api_key_id: 'key_abc',
        vector_store_id: 'vs_abc',
      },
    ]);
    expect(row?.values).toEqual([2]);
  });

  it('reads web search results in catalog order: search calls, then model requests', () => {
    const [row] = rows('web_search_calls', [
      {
        object: 'organization.usage.web_searches.result',
        num_model_requests: 2,
        num_requests: 5,
        model: 'gpt-4o-mini-2024-07-18',
        context_level: 'medium',
      },
    ]);
    expect(row?.values).toEqual([5, 2]);
  });

  it('refuses a tool-call result that lacks a required count, or carries the path name as object', () => {
    expect(() =>
      rows('web_search_calls', [{ object: 'organization.usage.web_searches.result', num_requests: 1 }]),
    ).toThrow(PageShapeError);
    expect(() =>
      rows('file_search_calls', [{ object: 'organization.usage.file_search_calls.result', num_requests: 1 }]),
    ).toThrow(/expected "organization.usage.file_searches.result"/);
  });
});
