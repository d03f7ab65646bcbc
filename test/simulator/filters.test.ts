import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryId, Dimension } from '../../src/catalog/categories.js';
import { DAY, type Harness, startHarness, TODAY } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const YESTERDAY = { start_time: TODAY - DAY, end_time: TODAY };

async function values(
  category: CategoryId,
  dim: Dimension,
  params: Record<string, string | string[] | boolean>,
) {
  const page = await h.page(category, { ...YESTERDAY, group_by: [dim], ...params });
  return new Set(page.data.flatMap((b) => b.results.map((r) => r[dim])));
}

describe('filters', () => {
  const org = () => h.sim.organization;

  it('project_ids keeps only the listed projects, on usage and costs', async () => {
    const wanted = [org().projects[1]?.id ?? '', org().projects[2]?.id ?? ''];
    expect(await values('completions', 'project_id', { project_ids: wanted })).toEqual(new Set(wanted));
    // Not every project stores vectors; the first one always does.
    const first = [org().projects[0]?.id ?? ''];
    expect(await values('vector_stores', 'project_id', { project_ids: first })).toEqual(new Set(first));
    expect(await values('code_interpreter_sessions', 'project_id', { project_ids: wanted })).toEqual(
      new Set(wanted),
    );
    expect(await values('costs', 'project_id', { project_ids: wanted })).toEqual(new Set(wanted));
  });

  it('user_ids, api_key_ids and models keep only the listed values', async () => {
    const users = [org().users[0]?.id ?? '', org().users[5]?.id ?? ''];
    const keys = [org().apiKeys[2]?.id ?? ''];
    expect(await values('embeddings', 'user_id', { user_ids: users })).toEqual(new Set(users));
    expect(await values('audio_speeches', 'api_key_id', { api_key_ids: keys })).toEqual(new Set(keys));
    expect(await values('completions', 'model', { models: ['gpt-4.1-2025-04-14'] })).toEqual(
      new Set(['gpt-4.1-2025-04-14']),
    );
    expect(await values('costs', 'api_key_id', { api_key_ids: keys })).toEqual(new Set(keys));
  });

  it('sources and sizes restrict images', async () => {
    expect(await values('images', 'source', { sources: ['image.edit'] })).toEqual(new Set(['image.edit']));
    expect(await values('images', 'size', { sizes: ['1024x1792', '256x256'] })).toEqual(
      new Set(['1024x1792', '256x256']),
    );
  });

  it('batch=true keeps batch jobs only and batch=false the rest, together adding up to the whole', async () => {
    const total = async (params: Record<string, string | boolean>) => {
      const page = await h.page('completions', { ...YESTERDAY, ...params });
      return page.data.flatMap((b) => b.results).reduce((sum, r) => sum + (r.input_tokens as number), 0);
    };
    const all = await total({});
    const batch = await total({ batch: true });
    const online = await total({ batch: false });
    expect(batch).toBeGreaterThan(0);
    expect(online).toBeGreaterThan(0);
    expect(batch + online).toBe(all);
  });

  it('an id that does not exist matches nothing', async () => {
    const page = await h.page('completions', { ...YESTERDAY, project_ids: ['proj_doesnotexist'] });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]?.results).toEqual([]);
  });
});
