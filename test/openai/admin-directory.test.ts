import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminDirectoryClient,
  type AdminDirectoryClientOptions,
  MalformedPageError,
  PaginationError,
  UpstreamHttpError,
} from '../../src/openai/index.js';
import { cannedUpstream } from './support/canned-upstream.js';
import { createFakeClock } from './support/fake-clock.js';
import { ADMIN_KEY, rejectionOf, startUpstream, type Upstream } from './support/upstream.js';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream({ scale: { projects: 5, usersPerProject: 3, apiKeysPerProject: 5 } });
});
afterAll(() => upstream.close());

function directory(baseUrl: string, overrides: Partial<AdminDirectoryClientOptions> = {}) {
  const clock = createFakeClock();
  const events: string[] = [];
  const client = new AdminDirectoryClient({
    baseUrl,
    adminKey: ADMIN_KEY,
    sleep: clock.sleep,
    now: clock.now,
    observer: { onResponse: (subject, code) => events.push(`${subject} ${code}`) },
    ...overrides,
  });
  return { client, events };
}

const list = (data: unknown[], hasMore: boolean, lastId?: string | null) => ({
  object: 'list',
  data,
  first_id: null,
  has_more: hasMore,
  ...(lastId === undefined ? {} : { last_id: lastId }),
});

describe('the admin directory client', () => {
  it('lists every project, archived ones included, following last_id over several pages', async () => {
    const { client } = directory(upstream.baseUrl, { listLimit: 2 });
    const before = upstream.requests.length;
    const projects = await client.listProjects();
    const org = upstream.sim.organization;
    expect(projects).toEqual(org.projects.map((p) => ({ id: p.id, name: p.name, status: 'active' })));
    const sent = upstream.requests.slice(before).map((r) => r.url.searchParams);
    expect(sent).toHaveLength(3);
    expect(sent.map((p) => p.get('include_archived'))).toEqual(['true', 'true', 'true']);
    expect(sent.map((p) => p.get('limit'))).toEqual(['2', '2', '2']);
    expect(sent.map((p) => p.get('after'))).toEqual([null, org.projects[1]?.id, org.projects[3]?.id]);
  });

  it('lists users with name, email and role', async () => {
    const { client } = directory(upstream.baseUrl, { listLimit: 4 });
    const users = await client.listUsers();
    expect(users).toEqual(
      upstream.sim.organization.users.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role })),
    );
  });

  it("lists a project's keys with owner_project_access=any, so keys of owners who left still get names", async () => {
    const { client } = directory(upstream.baseUrl, { listLimit: 2 });
    const project = upstream.sim.organization.projects[3];
    const before = upstream.requests.length;
    const keys = await client.listProjectApiKeys(project?.id ?? '');
    expect(keys).toEqual(
      upstream.sim.organization.apiKeys
        .filter((k) => k.projectId === project?.id)
        .map((k) => ({ id: k.id, name: k.name, projectId: project?.id })),
    );
    const sent = upstream.requests.slice(before);
    expect(sent).toHaveLength(3);
    expect(sent[0]?.url.pathname).toBe(`/v1/organization/projects/${project?.id}/api_keys`);
    expect(sent.every((r) => r.url.searchParams.get('owner_project_access') === 'any')).toBe(true);
  });

  it('reports every response under the subject names', async () => {
    const { client, events } = directory(upstream.baseUrl);
    await client.listUsers();
    expect(events).toEqual(['names 200']);
  });

  it('tolerates missing optional fields and unknown ones, deriving a missing status from archived_at', async () => {
    const canned = await cannedUpstream(() => ({
      body: {
        data: [
          { id: 'proj_a', name: null, archived_at: 1_700_000_000, residency: 'EU_STORAGE', extra: { x: 1 } },
          { id: 'proj_b', object: 'organization.project' },
          { id: 'proj_c', name: 'Named', status: 'active', archived_at: null },
        ],
        has_more: false,
      },
    }));
    try {
      const projects = await directory(canned.baseUrl).client.listProjects();
      expect(projects).toEqual([
        { id: 'proj_a', name: '', status: 'archived' },
        { id: 'proj_b', name: '', status: 'active' },
        { id: 'proj_c', name: 'Named', status: 'active' },
      ]);
    } finally {
      await canned.close();
    }
  });

  it('continues after the last item when last_id is missing', async () => {
    const canned = await cannedUpstream((url) =>
      url.searchParams.get('after') === null
        ? { body: list([{ id: 'user-1' }, { id: 'user-2' }], true) }
        : { body: list([{ id: 'user-3' }], false) },
    );
    try {
      const users = await directory(canned.baseUrl).client.listUsers();
      expect(users.map((u) => u.id)).toEqual(['user-1', 'user-2', 'user-3']);
      expect(canned.urls[1]?.searchParams.get('after')).toBe('user-2');
    } finally {
      await canned.close();
    }
  });

  describe('refuses what it cannot trust', () => {
    const refusal = async (
      answer: (url: URL) => { status?: number; body: unknown },
      maxListPages?: number,
    ) => {
      const canned = await cannedUpstream(answer);
      try {
        const options = maxListPages === undefined ? {} : { maxListPages };
        return await rejectionOf(directory(canned.baseUrl, options).client.listUsers());
      } finally {
        await canned.close();
      }
    };

    it('an item without a string id', async () => {
      const error = await refusal(() => ({ body: list([{ id: 'user-1' }, { name: 'no id' }], false) }));
      expect(error).toBeInstanceOf(MalformedPageError);
      expect(error.message).toMatch(/^names: .*organization\/users: list item 1 has id missing/);
    });

    it('a body that is not a list', async () => {
      expect(await refusal(() => ({ body: { object: 'page', data: [], has_more: false } }))).toBeInstanceOf(
        MalformedPageError,
      );
      expect(await refusal(() => ({ body: { data: [] } }))).toBeInstanceOf(MalformedPageError);
    });

    it('has_more with nothing to continue after', async () => {
      const error = await refusal(() => ({ body: list([], true, null) }));
      expect(error).toBeInstanceOf(PaginationError);
      expect(error.message).toContain('no last_id');
    });

    it('a repeated last_id', async () => {
      const error = await refusal(() => ({ body: list([{ id: 'user-1' }], true, 'user-1') }));
      expect(error).toBeInstanceOf(PaginationError);
      expect(error.message).toContain('repeated a last_id');
    });

    it('a listing that never ends', async () => {
      let n = 0;
      const error = await refusal(() => {
        n += 1;
        return { body: list([{ id: `user-${n}` }], true) };
      }, 5);
      expect(error).toBeInstanceOf(PaginationError);
      expect(error.message).toContain('after 5 pages');
      expect(n).toBe(5);
    });

    it('an HTTP error, without ever repeating the admin key the upstream echoed', async () => {
      const error = await refusal(() => ({
        status: 401,
        body: {
          error: {
            message: `Incorrect API key provided: ${ADMIN_KEY}.`,
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        },
      }));
      expect(error).toBeInstanceOf(UpstreamHttpError);
      expect((error as UpstreamHttpError).status).toBe(401);
      expect(error.message).not.toContain(ADMIN_KEY);
      expect(error.message).not.toContain(ADMIN_KEY.slice(9));
    });
  });
});
