import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, errorBody, type Harness, startHarness, TODAY } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const YESTERDAY = { start_time: TODAY - DAY, end_time: TODAY };

async function results(
  category: 'file_search_calls' | 'web_search_calls',
  params: Record<string, string | readonly string[]>,
) {
  const page = await h.page(category, { ...YESTERDAY, ...params });
  return page.data.flatMap((b) => b.results);
}

describe('GET /v1/organization/usage/file_search_calls', () => {
  it('counts calls per vector store, each store belonging to the project it is reported with', async () => {
    const rows = await results('file_search_calls', { group_by: ['project_id', 'vector_store_id'] });
    expect(rows.length).toBeGreaterThan(1);
    const stores = new Map(h.sim.organization.vectorStores.map((s) => [s.id, s.projectId]));
    for (const row of rows) {
      expect(row.object).toBe('organization.usage.file_searches.result');
      expect(stores.get(String(row.vector_store_id))).toBe(row.project_id);
      expect(row.num_requests).toBeGreaterThan(0);
    }
  });

  it('keeps only the listed vector stores with vector_store_ids', async () => {
    const wanted = h.sim.organization.vectorStores.slice(0, 2).map((s) => s.id);
    const rows = await results('file_search_calls', {
      group_by: ['vector_store_id'],
      vector_store_ids: wanted,
    });
    expect(new Set(rows.map((r) => r.vector_store_id))).toEqual(new Set(wanted));
  });

  it('refuses group_by values of other endpoints, like model', async () => {
    const res = await h.get('organization/usage/file_search_calls', { ...YESTERDAY, group_by: 'model' });
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ type: 'invalid_request_error', param: 'group_by' });
  });
});

describe('GET /v1/organization/usage/web_search_calls', () => {
  it('reports model requests and search calls per model and context level low, medium or high', async () => {
    const rows = await results('web_search_calls', { group_by: ['model', 'context_level'] });
    expect(rows.length).toBeGreaterThan(1);
    const models = new Set(
      h.sim.organization.models.filter((m) => m.category === 'web_search_calls').map((m) => m.id),
    );
    expect(new Set(rows.map((r) => r.context_level))).toEqual(new Set(['low', 'medium', 'high']));
    for (const row of rows) {
      expect(row.object).toBe('organization.usage.web_searches.result');
      expect(models.has(String(row.model))).toBe(true);
      expect(row.num_requests).toBeGreaterThanOrEqual(row.num_model_requests as number);
    }
  });

  it('keeps only the listed context levels with context_levels, and refuses levels outside the enum', async () => {
    const rows = await results('web_search_calls', { group_by: ['context_level'], context_levels: ['high'] });
    expect(rows.map((r) => r.context_level)).toEqual(['high']);
    const res = await h.get('organization/usage/web_search_calls', { ...YESTERDAY, context_levels: 'huge' });
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ param: 'context_levels' });
  });

  it('refuses filters of other endpoints, like vector_store_ids', async () => {
    const res = await h.get('organization/usage/web_search_calls', {
      ...YESTERDAY,
      vector_store_ids: 'vs_x',
    });
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ param: 'vector_store_ids', code: 'unknown_parameter' });
  });
});

describe('tool-call costs', () => {
  it('charge one line item per file search call and per web search call at each context level', async () => {
    const page = await h.page('costs', { ...YESTERDAY, group_by: ['line_item'] });
    const lines = new Map(
      (page.data[0]?.results ?? []).map((r) => [String(r.line_item), r.quantity as number | null]),
    );
    const truth = (category: 'file_search_calls' | 'web_search_calls', groupBy: 'context_level'[] = []) =>
      h.sim.truth.finalTotals({ category, startTime: TODAY - DAY, endTime: TODAY, groupBy });
    expect(lines.get('File search tool calls')).toBe(truth('file_search_calls')[0]?.values.num_requests);
    for (const row of truth('web_search_calls', ['context_level'])) {
      expect(lines.get(`Web search tool calls, ${row.labels.context_level} context`)).toBe(
        row.values.num_requests,
      );
    }
  });
});
