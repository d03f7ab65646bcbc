import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, type CategoryId, USAGE_CATEGORY_IDS } from '../../src/catalog/categories.js';
import { type Harness, HOUR, NOW, startHarness, TODAY } from './helpers.js';

const DIMS_AND_FIELDS: Record<CategoryId, readonly string[]> = {
  completions: [
    'object',
    'input_tokens',
    'output_tokens',
    'num_model_requests',
    'input_cached_tokens',
    'input_cache_write_tokens',
    'input_uncached_tokens',
    'input_text_tokens',
    'input_cached_text_tokens',
    'input_audio_tokens',
    'input_cached_audio_tokens',
    'input_image_tokens',
    'input_cached_image_tokens',
    'output_text_tokens',
    'output_audio_tokens',
    'output_image_tokens',
    'project_id',
    'user_id',
    'api_key_id',
    'model',
    'batch',
    'service_tier',
  ],
  embeddings: [
    'object',
    'input_tokens',
    'num_model_requests',
    'project_id',
    'user_id',
    'api_key_id',
    'model',
  ],
  moderations: [
    'object',
    'input_tokens',
    'num_model_requests',
    'project_id',
    'user_id',
    'api_key_id',
    'model',
  ],
  images: [
    'object',
    'images',
    'num_model_requests',
    'project_id',
    'user_id',
    'api_key_id',
    'model',
    'size',
    'source',
  ],
  audio_speeches: [
    'object',
    'characters',
    'num_model_requests',
    'project_id',
    'user_id',
    'api_key_id',
    'model',
  ],
  audio_transcriptions: [
    'object',
    'seconds',
    'num_model_requests',
    'project_id',
    'user_id',
    'api_key_id',
    'model',
  ],
  vector_stores: ['object', 'usage_bytes', 'project_id'],
  code_interpreter_sessions: ['object', 'num_sessions', 'project_id'],
  file_search_calls: ['object', 'num_requests', 'project_id', 'user_id', 'api_key_id', 'vector_store_id'],
  web_search_calls: [
    'object',
    'num_model_requests',
    'num_requests',
    'project_id',
    'user_id',
    'api_key_id',
    'model',
    'context_level',
  ],
  costs: [
    'object',
    'amount',
    'line_item',
    'project_id',
    'api_key_id',
    'quantity',
    'quantity_unit',
    'organization_id',
  ],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('the usage endpoints', () => {
  for (const id of USAGE_CATEGORY_IDS) {
    const spec = CATEGORIES[id];
    describe(`GET /v1/${spec.path}`, () => {
      it('answers a page of buckets whose results carry every documented field, ungrouped dimensions as null', async () => {
        const page = await h.page(id, { start_time: NOW - 6 * HOUR, bucket_width: '1h', limit: 6 });
        expect(page).toMatchObject({ object: 'page', has_more: true });
        expect(typeof page.next_page).toBe('string');
        expect(page.data).toHaveLength(6);
        const results = page.data.flatMap((b) => b.results);
        expect(results.length).toBeGreaterThan(0);
        for (const bucket of page.data) {
          expect(Object.keys(bucket)).toEqual(['object', 'start_time', 'end_time', 'results']);
          expect(bucket.object).toBe('bucket');
          // No group_by: exactly one aggregate result per non-empty bucket.
          expect(bucket.results.length).toBeLessThanOrEqual(1);
        }
        for (const result of results) {
          expect(Object.keys(result)).toEqual(DIMS_AND_FIELDS[id]);
          expect(result.object).toBe(spec.resultObject);
          for (const dim of spec.dimensions) expect(result[dim]).toBeNull();
          for (const field of spec.fields) expect(Number.isSafeInteger(result[field.field])).toBe(true);
        }
      });

      it('fills exactly the grouped dimensions when grouped by all of them', async () => {
        const page = await h.page(id, {
          start_time: NOW - 6 * HOUR,
          bucket_width: '1h',
          limit: 6,
          group_by: spec.dimensions,
        });
        const results = page.data.flatMap((b) => b.results);
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) {
          for (const dim of spec.dimensions) expect(result[dim]).not.toBeNull();
        }
        for (const bucket of page.data) {
          const keys = bucket.results.map((r) => JSON.stringify(spec.dimensions.map((d) => r[d])));
          expect(new Set(keys).size).toBe(keys.length);
        }
      });
    });
  }
});

describe('completions results', () => {
  it('keep the token identities of the reference in every result', async () => {
    const page = await h.page('completions', {
      start_time: NOW - 2 * HOUR,
      bucket_width: '1m',
      limit: 120,
      group_by: ['project_id', 'model', 'batch', 'service_tier'],
    });
    const results = page.data.flatMap((b) => b.results) as Record<string, number>[];
    expect(results.length).toBeGreaterThan(100);
    for (const r of results) {
      const v = (k: string) => r[k] as number;
      expect(v('input_tokens')).toBe(
        v('input_cached_tokens') + v('input_cache_write_tokens') + v('input_uncached_tokens'),
      );
      expect(v('input_uncached_tokens')).toBe(
        v('input_text_tokens') + v('input_audio_tokens') + v('input_image_tokens'),
      );
      expect(v('input_cached_tokens')).toBe(
        v('input_cached_text_tokens') + v('input_cached_audio_tokens') + v('input_cached_image_tokens'),
      );
      expect(v('output_tokens')).toBe(
        v('output_text_tokens') + v('output_audio_tokens') + v('output_image_tokens'),
      );
    }
  });

  it('reports batch as a boolean and service tiers default, flex and priority', async () => {
    const page = await h.page('completions', {
      start_time: TODAY - 86_400,
      bucket_width: '1d',
      group_by: ['batch', 'service_tier'],
    });
    const results = page.data.flatMap((b) => b.results);
    expect(new Set(results.map((r) => r.batch))).toEqual(new Set([true, false]));
    expect(new Set(results.map((r) => r.service_tier))).toEqual(new Set(['default', 'flex', 'priority']));
  });

  it('shows audio, image, cached and cache-write tokens somewhere in a day', async () => {
    const page = await h.page('completions', {
      start_time: TODAY - 86_400,
      end_time: TODAY,
      bucket_width: '1d',
    });
    const [day] = page.data.flatMap((b) => b.results) as Record<string, number>[];
    for (const field of [
      'input_cached_tokens',
      'input_cache_write_tokens',
      'input_audio_tokens',
      'input_cached_audio_tokens',
      'output_audio_tokens',
      'input_image_tokens',
      'input_cached_image_tokens',
    ]) {
      expect(day?.[field]).toBeGreaterThan(0);
    }
  });
});

describe('images results', () => {
  it('use the size and source values of the spec', async () => {
    const page = await h.page('images', {
      start_time: TODAY - 86_400,
      bucket_width: '1d',
      group_by: ['size', 'source'],
    });
    const results = page.data.flatMap((b) => b.results);
    const sizes = new Set(results.map((r) => r.size));
    const sources = new Set(results.map((r) => r.source));
    expect(
      [...sizes].every((s) =>
        ['256x256', '512x512', '1024x1024', '1792x1792', '1024x1792'].includes(String(s)),
      ),
    ).toBe(true);
    expect(sizes.size).toBeGreaterThanOrEqual(4);
    expect(sources).toEqual(new Set(['image.generation', 'image.edit', 'image.variation']));
  });
});

describe('vector store results', () => {
  it('report a storage level that grows from day to day', async () => {
    const page = await h.page('vector_stores', {
      start_time: TODAY - 5 * 86_400,
      end_time: TODAY,
      bucket_width: '1d',
    });
    const levels = page.data.map((b) => b.results[0]?.usage_bytes as number);
    expect(levels).toHaveLength(5);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1] as number);
  });
});

describe('GET /v1/organization/costs', () => {
  it('answers results with amount, line item, quantity, unit and organization_id', async () => {
    const page = await h.page('costs', {
      start_time: TODAY - 2 * 86_400,
      group_by: ['line_item', 'project_id'],
    });
    const results = page.data.flatMap((b) => b.results);
    expect(results.length).toBeGreaterThan(10);
    for (const r of results) {
      expect(Object.keys(r)).toEqual(DIMS_AND_FIELDS.costs);
      expect(r.object).toBe('organization.costs.result');
      expect(r.organization_id).toBe(h.sim.organization.id);
      const amount = r.amount as { value: number | string; currency: string };
      expect(Object.keys(amount)).toEqual(['value', 'currency']);
      expect(amount.currency).toBe('usd');
      expect(typeof r.line_item).toBe('string');
      expect(typeof r.quantity).toBe('number');
      expect(r.api_key_id).toBeNull();
    }
    const items = new Set(results.map((r) => r.line_item));
    expect(items).toContain('gpt-4o-2024-08-06, input');
    expect(items).toContain('gpt-4o-2024-08-06, cached input');
    expect(items).toContain('gpt-4o-2024-08-06, output');
    expect(new Set(results.map((r) => r.quantity_unit))).toEqual(
      new Set(['tokens', 'images', 'characters', 'duration_seconds', 'gibibyte_hours', null]),
    );
  });

  it('leaves quantity and quantity_unit null unless grouped by line_item', async () => {
    const page = await h.page('costs', {
      start_time: TODAY - 86_400,
      group_by: ['project_id', 'api_key_id'],
    });
    const results = page.data.flatMap((b) => b.results);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.quantity).toBeNull();
      expect(r.quantity_unit).toBeNull();
      expect(r.line_item).toBeNull();
    }
    // Storage and code interpreter costs have no API key.
    expect(results.some((r) => r.api_key_id === null)).toBe(true);
    expect(results.some((r) => typeof r.api_key_id === 'string')).toBe(true);
  });
});

describe('empty buckets', () => {
  it('are returned with results: [] before traffic starts', async () => {
    const quiet = await startHarness({ trafficStartTime: TODAY });
    try {
      const page = await quiet.page('completions', {
        start_time: TODAY - 3 * HOUR,
        bucket_width: '1h',
        limit: 5,
      });
      expect(page.data.map((b) => b.results.length)).toEqual([0, 0, 0, 1, 1]);
      expect(page.data[0]).toEqual({
        object: 'bucket',
        start_time: TODAY - 3 * HOUR,
        end_time: TODAY - 2 * HOUR,
        results: [],
      });
    } finally {
      await quiet.close();
    }
  });

  it('are returned at and after trafficEndTime', async () => {
    const quiet = await startHarness({ trafficEndTime: TODAY - 2 * HOUR });
    try {
      const page = await quiet.page('embeddings', {
        start_time: TODAY - 4 * HOUR,
        bucket_width: '1h',
        limit: 4,
      });
      expect(page.data.map((b) => b.results.length)).toEqual([1, 1, 0, 0]);
    } finally {
      await quiet.close();
    }
  });
});
