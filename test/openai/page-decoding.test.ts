import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type CategoryId, type Dimension } from '../../src/catalog/categories.js';
import { PageShapeError } from '../../src/openai/result-reader.js';
import { scanPage } from '../support/scan-page.js';

const COMPLETIONS = 'organization.usage.completions.result';
const costField = (name: string) => CATEGORIES.costs.fields.findIndex((field) => field.field === name);
const AMOUNT = costField('amount');
const QUANTITY = costField('quantity');
const CREDITS = costField('credits');

function page(buckets: unknown[], extra: Record<string, unknown> = {}): unknown {
  return { object: 'page', data: buckets, has_more: false, next_page: null, ...extra };
}

function bucket(results: unknown[], start = 1_785_542_400, end = 1_785_542_460): unknown {
  return { object: 'bucket', start_time: start, end_time: end, results };
}

function completion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: COMPLETIONS,
    input_tokens: 100,
    output_tokens: 20,
    num_model_requests: 3,
    input_cached_tokens: 40,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    project_id: 'proj_a',
    user_id: null,
    api_key_id: null,
    model: 'gpt-4o-mini-2024-07-18',
    batch: false,
    service_tier: null,
    ...overrides,
  };
}

function cost(value: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: 'organization.costs.result',
    amount: { value, currency: 'usd' },
    line_item: 'gpt-4o, input',
    project_id: 'proj_a',
    ...overrides,
  };
}

function rowsOf(category: CategoryId, groupBy: Dimension[], results: unknown[]) {
  return scanPage(category, groupBy, page([bucket(results)])).buckets[0]?.rows;
}

function rejection(category: CategoryId, body: unknown, groupBy: Dimension[] = []): string {
  try {
    scanPage(category, groupBy, body);
  } catch (error) {
    if (error instanceof PageShapeError) return error.message;
    throw error;
  }
  throw new Error('expected the page to be rejected');
}

describe('decoding an upstream page', () => {
  it('returns labels in group_by order and values in catalog field order', () => {
    const rows = rowsOf('completions', ['model', 'project_id', 'batch'], [completion()]);
    expect(rows?.[0]?.labels).toEqual(['gpt-4o-mini-2024-07-18', 'proj_a', 'false']);
    // input, output, cached, audio in, audio out, then the 2026 breakdown (absent here), then requests.
    expect(rows?.[0]?.values.slice(0, 5)).toEqual([100, 20, 40, 0, 0]);
    expect(rows?.[0]?.values.at(-1)).toBe(3);
  });

  it('turns null or absent dimensions into empty labels and booleans into "true"/"false"', () => {
    const rows = rowsOf(
      'completions',
      ['user_id', 'service_tier', 'batch'],
      [completion({ batch: true, service_tier: undefined })],
    );
    expect(rows?.[0]?.labels).toEqual(['', '', 'true']);
  });

  it('marks optional fields the upstream left out (or sent as null) with NaN', () => {
    const rows = rowsOf(
      'completions',
      [],
      [completion({ input_cached_tokens: null, input_audio_tokens: undefined })],
    );
    const values = rows?.[0]?.values ?? [];
    expect(values[2]).toBeNaN();
    expect(values[3]).toBeNaN();
    expect(values[5]).toBeNaN(); // input_cache_write_tokens was never sent
  });

  it('ignores unknown extra fields on pages, buckets and results', () => {
    const body = {
      ...(page([
        { ...(bucket([completion({ brand_new_field: { nested: 1 } })]) as object), shard: 7 },
      ]) as object),
      request_id: 'req_1',
    };
    expect(scanPage('completions', ['model'], body).buckets[0]?.rows).toHaveLength(1);
  });

  it('reads the legacy singular `result` key', () => {
    const legacy = { object: 'bucket', start_time: 10, end_time: 20, result: [completion()] };
    expect(scanPage('completions', [], page([legacy])).buckets[0]?.rows).toHaveLength(1);
  });

  it('keeps empty buckets, which still mark time as covered', () => {
    const parsed = scanPage('completions', [], page([bucket([]), bucket([], 1_785_542_460, 1_785_542_520)]));
    expect(parsed.buckets.map((b) => [b.startTime, b.rows.length])).toEqual([
      [1_785_542_400, 0],
      [1_785_542_460, 0],
    ]);
  });

  it('passes has_more and next_page through', () => {
    const parsed = scanPage('embeddings', [], page([], { has_more: true, next_page: 'page_abc' }));
    expect(parsed).toMatchObject({ hasMore: true, nextPage: 'page_abc' });
  });

  it('reads cost amounts given as numbers or as numeric strings', () => {
    const rows = rowsOf(
      'costs',
      ['line_item'],
      [cost(0.13080438340307526), cost('0.1739150000000000000000000000')],
    );
    expect(rows?.map((r) => r.values[0])).toEqual([0.13080438340307526, 0.173915]);
  });

  it('parses any string amount to exactly the double JSON would have produced', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (value) => {
        const text = String(value);
        const padded = text.includes('.') && !text.includes('e') ? `${text}0000000000000000` : text;
        const rows = rowsOf('costs', [], [cost(text), cost(padded)]);
        expect(rows?.[0]?.values[0]).toBe(JSON.parse(text));
        expect(rows?.[1]?.values[0]).toBe(JSON.parse(text));
      }),
    );
  });

  it('refuses currencies other than USD', () => {
    expect(
      rejection('costs', page([bucket([cost(1, { amount: { value: 1, currency: 'eur' } })])])),
    ).toContain('currency');
  });

  it('refuses a cost amount that is not numeric', () => {
    expect(rejection('costs', page([bucket([cost('12,50')])]))).toContain('amount.value');
    expect(rejection('costs', page([bucket([cost('Infinity')])]))).toContain('amount.value');
    expect(rejection('costs', page([bucket([cost(1, { amount: 'twelve' })])]))).toContain('amount');
  });

  it('reads a cost result without an amount like a missing optional field (the spec requires only object)', () => {
    const quantity = { quantity: 7, quantity_unit: 'tokens' };
    const rows = rowsOf(
      'costs',
      ['line_item'],
      [
        cost(1, { amount: undefined, ...quantity }),
        cost(1, { amount: null, ...quantity }),
        cost(null, quantity),
      ],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows ?? []) {
      expect(row.values[AMOUNT]).toBeNaN();
      expect(row.values[CREDITS]).toBeNaN();
      expect(row.values[QUANTITY]).toBe(7);
    }
  });

  it('splits a cost amount into charges and credits, so that neither is ever negative', () => {
    const rows = scanPage('costs', [], page([bucket([cost(-1.25), cost('2.5'), cost(0)])])).buckets[0]?.rows;
    expect(rows?.map((row) => [row.values[AMOUNT], row.values[CREDITS]])).toEqual([
      [0, 1.25],
      [2.5, 0],
      [0, 0],
    ]);
  });

  it('refuses a missing required field, even though optional ones may be missing', () => {
    const message = rejection('completions', page([bucket([completion({ output_tokens: undefined })])]));
    expect(message).toContain('output_tokens');
    expect(message).toContain('bucket 0 result 0');
  });

  it('refuses usage counts that are fractional, negative, strings or not finite', () => {
    for (const bad of [1.5, -1, '10', Number.POSITIVE_INFINITY]) {
      expect(rejection('completions', page([bucket([completion({ input_tokens: bad })])]))).toContain(
        'input_tokens',
      );
    }
  });

  it('refuses a count a double cannot hold exactly, rather than counting it forever', () => {
    for (const bad of [2 ** 53, 1e300, Number.MAX_VALUE]) {
      expect(rejection('completions', page([bucket([completion({ input_tokens: bad })])]))).toContain(
        'input_tokens',
      );
    }
    const largest = rowsOf('completions', [], [completion({ input_tokens: Number.MAX_SAFE_INTEGER })]);
    expect(largest?.[0]?.values[0]).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses cost amounts and quantities of absurd magnitude, in either sign', () => {
    for (const bad of [1e300, -1e300, '1e300', 1e16]) {
      expect(rejection('costs', page([bucket([cost(bad)])]))).toContain('amount.value');
    }
    for (const bad of [1e300, '1e300', -1e16]) {
      expect(rejection('costs', page([bucket([cost(1, { quantity: bad })])]))).toContain('quantity');
    }
    // At the bound a credit is still read: no charge, the quantity, and the credit as a positive part.
    const rows = rowsOf('costs', [], [cost(-1e15, { quantity: 1e15 })]);
    expect(rows?.[0]?.values).toEqual([0, 1e15, 1e15]);
  });

  it("refuses results whose object is not the category's result object", () => {
    const embeddingRow = completion({ object: 'organization.usage.embeddings.result' });
    expect(rejection('completions', page([bucket([embeddingRow])]))).toContain('result object');
  });

  it('refuses pages that are not pages', () => {
    expect(rejection('completions', [])).toContain('not a JSON object');
    expect(rejection('completions', { object: 'list', data: [], has_more: false })).toContain('page object');
    expect(rejection('completions', { object: 'page', data: {}, has_more: false })).toContain('data');
    expect(rejection('completions', { object: 'page', data: [], has_more: 'no' })).toContain('has_more');
    expect(rejection('completions', { object: 'page', data: [], has_more: true, next_page: 5 })).toContain(
      'next_page',
    );
  });

  it('refuses buckets with missing, fractional or inverted times, or no results array', () => {
    expect(rejection('completions', page([bucket([], 20, 20)]))).toContain('start_time');
    expect(rejection('completions', page([bucket([], 30, 20)]))).toContain('start_time');
    expect(rejection('completions', page([bucket([], 10.5, 20)]))).toContain('start_time');
    expect(rejection('completions', page([{ object: 'bucket', start_time: 10, end_time: 20 }]))).toContain(
      'results',
    );
    expect(
      rejection('completions', page([{ object: 'thing', start_time: 10, end_time: 20, results: [] }])),
    ).toContain('bucket 0 object');
  });

  it('refuses a dimension that is neither a string, a boolean nor null', () => {
    expect(
      rejection('completions', page([bucket([completion({ model: { id: 'x' } })])]), ['model']),
    ).toContain('dimension model');
  });
});
