import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, type Harness, HOUR, NOW, startHarness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const base = `start_time=${NOW - 3 * HOUR}&bucket_width=1h`;

async function body(path: string): Promise<string> {
  const res = await h.get(path);
  expect(res.status).toBe(200);
  return res.text();
}

describe('array query parameters', () => {
  it('mean the same in repeated, bracketed, percent-encoded bracketed and comma-joined form', async () => {
    const path = 'organization/usage/completions';
    const forms = [
      `${path}?${base}&group_by=project_id&group_by=model`,
      `${path}?${base}&group_by[]=project_id&group_by[]=model`,
      `${path}?${base}&group_by%5B%5D=project_id&group_by%5B%5D=model`,
      `${path}?${base}&group_by=project_id,model`,
      `${path}?${base}&group_by=model,project_id`,
    ];
    const bodies = await Promise.all(forms.map(body));
    expect(JSON.parse(bodies[0] ?? '').data[1].results.length).toBeGreaterThan(1);
    for (const b of bodies) expect(b).toBe(bodies[0]);
  });

  it('accept every encoding for every array filter', async () => {
    const org = h.sim.organization;
    const [p0, p1] = org.projects;
    const [u0] = org.users;
    const [k0] = org.apiKeys;
    const filters: [string, string, string[]][] = [
      ['organization/usage/completions', 'project_ids', [p0?.id ?? '', p1?.id ?? '']],
      ['organization/usage/completions', 'user_ids', [u0?.id ?? '', org.users[4]?.id ?? '']],
      ['organization/usage/completions', 'api_key_ids', [k0?.id ?? '', org.apiKeys[3]?.id ?? '']],
      ['organization/usage/completions', 'models', ['gpt-4o-2024-08-06', 'o3-2025-04-16']],
      ['organization/usage/images', 'sources', ['image.edit', 'image.variation']],
      ['organization/usage/images', 'sizes', ['256x256', '1024x1792']],
      ['organization/costs', 'project_ids', [p0?.id ?? '', p1?.id ?? '']],
      ['organization/costs', 'api_key_ids', [k0?.id ?? '', org.apiKeys[3]?.id ?? '']],
    ];
    for (const [path, key, [a, b]] of filters) {
      const start = path === 'organization/costs' ? `start_time=${NOW - 86_400}` : base;
      const forms = [
        `${path}?${start}&${key}=${a}&${key}=${b}`,
        `${path}?${start}&${key}[]=${a}&${key}[]=${b}`,
        `${path}?${start}&${key}%5B%5D=${a}&${key}%5B%5D=${b}`,
        `${path}?${start}&${key}=${a},${b}`,
      ];
      const bodies = await Promise.all(forms.map(body));
      for (const form of bodies) expect(form).toBe(bodies[0]);
      const unfiltered = await body(`${path}?${start}`);
      expect(bodies[0]).not.toBe(unfiltered);
    }
  });

  it('ignore empty elements such as a trailing comma', async () => {
    const path = 'organization/usage/embeddings';
    expect(await body(`${path}?${base}&group_by=model,`)).toBe(await body(`${path}?${base}&group_by=model`));
  });
});

describe('scalar query parameters', () => {
  it('reject being given twice', async () => {
    const res = await h.get(`organization/usage/completions?${base}&limit=2&limit=3`);
    expect(res.status).toBe(400);
    expect((await errorBody(res)).param).toBe('limit');
  });

  it('accept batch=true and batch=false as the SDKs send booleans', async () => {
    const path = `organization/usage/completions?${base}&group_by=batch`;
    const only = async (value: string) => {
      const page = JSON.parse(await body(`${path}&batch=${value}`));
      return new Set(
        page.data.flatMap((b: { results: { batch: boolean }[] }) => b.results.map((r) => r.batch)),
      );
    };
    expect(await only('true')).toEqual(new Set([true]));
    expect(await only('false')).toEqual(new Set([false]));
  });
});
