import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, type Harness, NOW, startHarness, TODAY } from './helpers.js';

let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({
    adminAPIKey: 'sk-admin-official-sdk-test',
    baseURL: h.running.baseUrl,
    maxRetries: 0,
  });
});
afterAll(() => h.close());

interface SdkPage {
  data: { start_time: number; end_time: number; results: { object: string }[] }[];
  has_more: boolean;
  next_page: string | null;
}

/** Follows next_page to the end, as the SDK leaves paging of usage to the caller. */
async function pageToEnd(fetchPage: (page: string | undefined) => Promise<SdkPage>) {
  const buckets: SdkPage['data'] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(cursor);
    pages += 1;
    buckets.push(...page.data);
    cursor = page.has_more ? (page.next_page ?? undefined) : undefined;
  } while (cursor !== undefined);
  return { buckets, pages };
}

describe('the official openai SDK against the simulator', () => {
  const usage = () => client.admin.organization.usage;
  const start_time = NOW - 9 * DAY;

  const endpoints: [string, string, (page: string | undefined) => Promise<SdkPage>][] = [
    [
      'completions',
      'organization.usage.completions.result',
      (page) =>
        usage().completions({
          start_time,
          limit: 4,
          group_by: ['project_id', 'model', 'batch', 'service_tier'],
          batch: false,
          ...(page ? { page } : {}),
        }),
    ],
    [
      'embeddings',
      'organization.usage.embeddings.result',
      (page) => usage().embeddings({ start_time, limit: 4, group_by: ['model'], ...(page ? { page } : {}) }),
    ],
    [
      'moderations',
      'organization.usage.moderations.result',
      (page) =>
        usage().moderations({ start_time, limit: 4, group_by: ['user_id'], ...(page ? { page } : {}) }),
    ],
    [
      'images',
      'organization.usage.images.result',
      (page) =>
        usage().images({
          start_time,
          limit: 4,
          group_by: ['size', 'source'],
          sources: ['image.generation', 'image.edit'],
          ...(page ? { page } : {}),
        }),
    ],
    [
      'audioSpeeches',
      'organization.usage.audio_speeches.result',
      (page) =>
        usage().audioSpeeches({ start_time, limit: 4, group_by: ['api_key_id'], ...(page ? { page } : {}) }),
    ],
    [
      'audioTranscriptions',
      'organization.usage.audio_transcriptions.result',
      (page) => usage().audioTranscriptions({ start_time, limit: 4, ...(page ? { page } : {}) }),
    ],
    [
      'vectorStores',
      'organization.usage.vector_stores.result',
      (page) =>
        usage().vectorStores({ start_time, limit: 4, group_by: ['project_id'], ...(page ? { page } : {}) }),
    ],
    [
      'codeInterpreterSessions',
      'organization.usage.code_interpreter_sessions.result',
      (page) => usage().codeInterpreterSessions({ start_time, limit: 4, ...(page ? { page } : {}) }),
    ],
    [
      'costs',
      'organization.costs.result',
      (page) =>
        usage().costs({
          start_time,
          limit: 4,
          group_by: ['project_id', 'line_item'],
          project_ids: [h.sim.organization.projects[0]?.id ?? ''],
          ...(page ? { page } : {}),
        }),
    ],
  ];

  for (const [method, object, fetchPage] of endpoints) {
    it(`reads usage.${method} and pages to the end`, async () => {
      const { buckets, pages } = await pageToEnd(fetchPage);
      expect(pages).toBe(3);
      expect(buckets).toHaveLength(10);
      expect(buckets[0]?.start_time).toBe(
        method === 'costs' ? Math.floor(start_time / DAY) * DAY : start_time,
      );
      expect(buckets[9]?.end_time).toBe(method === 'costs' ? TODAY + DAY : NOW);
      const results = buckets.flatMap((b) => b.results);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r.object).toBe(object);
    });
  }

  it('sends group_by[] brackets that the simulator honours', async () => {
    const urls: string[] = [];
    const spying = new OpenAI({
      adminAPIKey: 'sk-admin-official-sdk-test',
      baseURL: h.running.baseUrl,
      fetch: (url, init) => {
        urls.push(String(url));
        return fetch(url, init);
      },
    });
    const page = await spying.admin.organization.usage.completions({
      start_time: TODAY - DAY,
      end_time: TODAY,
      group_by: ['batch'],
    });
    expect(urls[0]).toContain('group_by%5B%5D=batch');
    const values = new Set(
      page.data.flatMap((b) => b.results.map((r) => ('batch' in r ? r.batch : undefined))),
    );
    expect(values).toEqual(new Set([true, false]));
  });

  it('surfaces simulator errors as typed SDK errors', async () => {
    await expect(usage().completions({ start_time: NOW, limit: 5000 })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    const noScope = new OpenAI({
      adminAPIKey: 'sk-proj-not-an-admin-key',
      baseURL: h.running.baseUrl,
      maxRetries: 0,
    });
    await expect(noScope.admin.organization.usage.costs({ start_time: NOW })).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
  });

  it('lists projects, users and project API keys through the admin listing methods', async () => {
    const projects = [];
    for await (const project of client.admin.organization.projects.list({ limit: 3 }))
      projects.push(project.id);
    expect(projects).toEqual(h.sim.organization.projects.map((p) => p.id));
    const users = [];
    for await (const user of client.admin.organization.users.list({ limit: 5 })) users.push(user.id);
    expect(users).toHaveLength(h.sim.organization.users.length);
    const project = h.sim.organization.projects[1]?.id ?? '';
    const keys = [];
    for await (const key of client.admin.organization.projects.apiKeys.list(project, { limit: 1 }))
      keys.push(key.id);
    expect(keys).toEqual(h.sim.organization.apiKeys.filter((k) => k.projectId === project).map((k) => k.id));
  });
});
