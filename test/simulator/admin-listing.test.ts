import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type List, listAllOf, startHarness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: { projects: 7, usersPerProject: 3, apiKeysPerProject: 5 } });
});
afterAll(() => h.close());

const listAll = (path: string, limit: number) => listAllOf(h, path, limit);

describe('admin listings', () => {
  it('list every project as organization.project, paging with limit and after', async () => {
    const { items, pages } = await listAll('organization/projects', 3);
    expect(pages).toBe(3);
    expect(items.map((p) => p.id)).toEqual(h.sim.organization.projects.map((p) => p.id));
    for (const p of items) {
      expect(p).toMatchObject({ object: 'organization.project', status: 'active', archived_at: null });
      expect(typeof p.name).toBe('string');
      expect(Number.isSafeInteger(p.created_at)).toBe(true);
    }
  });

  it('list every user as organization.user with name, email and role', async () => {
    const { items } = await listAll('organization/users', 20);
    expect(items).toHaveLength(21);
    for (const u of items) {
      expect(u.object).toBe('organization.user');
      expect(Object.keys(u)).toEqual(expect.arrayContaining(['id', 'name', 'email', 'role', 'added_at']));
    }
  });

  it("list a project's API keys with redacted value, creation time and owner", async () => {
    const project = h.sim.organization.projects[2];
    const { items } = await listAll(`organization/projects/${project?.id}/api_keys`, 2);
    expect(items.map((k) => k.id)).toEqual(
      h.sim.organization.apiKeys.filter((k) => k.projectId === project?.id).map((k) => k.id),
    );
    for (const k of items) {
      expect(k.object).toBe('organization.project.api_key');
      expect(k.redacted_value).toMatch(/^sk-proj-/);
      expect(k.owner).toMatchObject({ type: 'user', user: { object: 'organization.project.user' } });
    }
  });

  it('accept owner_project_access on key listings: every synthetic owner still has access', async () => {
    const project = h.sim.organization.projects[1]?.id ?? '';
    const keys = (access: string) =>
      h.get(`organization/projects/${project}/api_keys`, { owner_project_access: access });
    const ids = async (res: Response) => ((await res.json()) as List).data.map((k) => k.id);
    const all = h.sim.organization.apiKeys.filter((k) => k.projectId === project).map((k) => k.id);
    expect(await ids(await keys('any'))).toEqual(all);
    expect(await ids(await keys('active'))).toEqual(all);
    expect(await ids(await keys('inactive'))).toEqual([]);
    expect((await keys('some')).status).toBe(400);
  });

  it('answer 404 for an unknown project and 400 for a bad limit or after', async () => {
    expect((await h.get('organization/projects/proj_nope/api_keys')).status).toBe(404);
    expect((await h.get('organization/projects', { limit: 101 })).status).toBe(400);
    expect((await h.get('organization/users', { after: 'user-nope' })).status).toBe(400);
  });
});
