// Catalog rows spell out only where a category departs from the naming rule; these are the rules
// the other fields are derived by, and the departures that are part of the metric contract.

import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_IDS, USAGE_CATEGORY_IDS } from '../../src/catalog/categories.js';

describe('names derived from the category and the field', () => {
  it('a usage category is served at organization/usage/<id>', () => {
    for (const id of USAGE_CATEGORY_IDS) expect(CATEGORIES[id].path).toBe(`organization/usage/${id}`);
    expect(CATEGORIES.costs.path).toBe('organization/costs');
  });

  it('a usage result object is named after the id, except for the two search tools', () => {
    const exceptions = {
      file_search_calls: 'organization.usage.file_searches.result',
      web_search_calls: 'organization.usage.web_searches.result',
    } as Record<string, string>;
    for (const id of USAGE_CATEGORY_IDS) {
      expect(CATEGORIES[id].resultObject).toBe(exceptions[id] ?? `organization.usage.${id}.result`);
    }
    expect(CATEGORIES.costs.resultObject).toBe('organization.costs.result');
  });

  it('a counter is openai_<category>_<field without num_>_total and a gauge has no _total', () => {
    expect(CATEGORIES.completions.fields[0]?.metric).toBe('openai_completions_input_tokens_total');
    expect(CATEGORIES.web_search_calls.fields.map((f) => f.metric)).toEqual([
      'openai_web_search_calls_requests_total',
      'openai_web_search_calls_model_requests_total',
    ]);
    expect(CATEGORIES.vector_stores.fields.map((f) => [f.metric, f.kind])).toEqual([
      ['openai_vector_stores_usage_bytes', 'gauge'],
    ]);
  });

  it('names that depart from the rule stay as they were published', () => {
    const metrics = (id: keyof typeof CATEGORIES) => CATEGORIES[id].fields.map((f) => f.metric);
    expect(metrics('images')).toEqual(['openai_images_total', 'openai_images_requests_total']);
    expect(metrics('code_interpreter_sessions')).toEqual(['openai_code_interpreter_sessions_total']);
    expect(metrics('costs')).toEqual([
      'openai_cost_usd_total',
      'openai_cost_quantity_total',
      'openai_cost_credits_usd_total',
    ]);
    expect(Object.values(CATEGORIES.costs.netGauges ?? {}).map((g) => g.metric)).toEqual([
      'openai_cost_current_day_usd',
      'openai_cost_current_month_usd',
    ]);
  });

  it('every HELP text ends by naming the endpoint and the upstream field', () => {
    for (const id of CATEGORY_IDS) {
      for (const field of CATEGORIES[id].fields) {
        expect(field.help).toMatch(
          new RegExp(`\\(GET /v1/${CATEGORIES[id].path}, field ${field.source ?? field.field}[^)]*\\)\\.$`),
        );
      }
    }
    expect(CATEGORIES.embeddings.fields[0]?.help).toBe(
      'Input tokens (GET /v1/organization/usage/embeddings, field input_tokens).',
    );
  });

  it('only fields marked optional may be missing from a result', () => {
    expect(CATEGORIES.completions.fields.filter((f) => f.required).map((f) => f.field)).toEqual([
      'input_tokens',
      'output_tokens',
      'num_model_requests',
    ]);
    expect(CATEGORIES.costs.fields.map((f) => f.required)).toEqual([true, false, false]);
  });
});

describe('behaviour declared per category', () => {
  it('usage is polled by the minute and the hour, tiered minutes into hours; costs by the day alone', () => {
    for (const id of USAGE_CATEGORY_IDS) {
      expect(CATEGORIES[id].polledWidths).toEqual(['1m', '1h']);
      expect(CATEGORIES[id].tiers).toEqual({ coarse: '1h', fine: '1m' });
    }
    expect(CATEGORIES.costs.polledWidths).toEqual(['1d']);
    expect(CATEGORIES.costs.tiers).toEqual({ coarse: '1d' });
  });

  it('every polled width is one the upstream accepts, with a page size', () => {
    for (const id of CATEGORY_IDS) {
      const spec = CATEGORIES[id];
      expect(spec.widths).toEqual(Object.keys(spec.pageSizes));
      for (const width of spec.polledWidths) expect(spec.pageSizes[width]).toBeDefined();
    }
  });

  it('only costs leaves bucket_width out, reads amounts and has net gauges', () => {
    const by = (pick: (id: (typeof CATEGORY_IDS)[number]) => boolean) => CATEGORY_IDS.filter(pick);
    expect(by((id) => !CATEGORIES[id].sendsBucketWidth)).toEqual(['costs']);
    expect(by((id) => CATEGORIES[id].values === 'amounts')).toEqual(['costs']);
    expect(by((id) => CATEGORIES[id].netGauges !== undefined)).toEqual(['costs']);
  });

  it('the model endpoints count against per-model rate limits, with every field they name', () => {
    const limited = CATEGORY_IDS.filter((id) => CATEGORIES[id].rateLimited !== undefined);
    expect(limited).toEqual([
      'completions',
      'embeddings',
      'moderations',
      'images',
      'audio_speeches',
      'audio_transcriptions',
    ]);
    expect(CATEGORIES.completions.rateLimited?.tokenFields).toEqual(['input_tokens', 'output_tokens']);
    for (const id of limited) {
      const spec = CATEGORIES[id];
      const named = [...(spec.rateLimited?.tokenFields ?? []), spec.rateLimited?.requestField];
      const fields = spec.fields.map((field) => field.field);
      for (const field of named) expect(fields, `${id}: ${field}`).toContain(field);
    }
  });
});
