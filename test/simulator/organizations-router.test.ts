// The organizations router: one server, several simulated organizations, the bearer key choosing
// which answers; keys rotate at run time; each organization's test hooks under /__orgs/<name>/.

import { afterEach, describe, expect, it } from 'vitest';
import {
  createOrganizationsRouter,
  createSimulator,
  type OrganizationsRouter,
  type RoutedOrganization,
  RouterOptionsError,
  type RunningSimulator,
} from '../../simulator/index.js';
import { DAY, errorBody, ManualClock, TODAY } from './helpers.js';

const ACME_KEY = 'sk-admin-acme-0123456789abcdef';
const GLOBEX_KEY = 'sk-admin-globex-0123456789abcdef';
const clock = new ManualClock();
const ORGANIZATIONS: readonly RoutedOrganization[] = [
  { name: 'acme', keys: [ACME_KEY], options: { seed: 11, now: clock.now } },
  { name: 'globex', keys: [GLOBEX_KEY], options: { seed: 22, now: clock.now } },
];

let running: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
});

async function serve(router: OrganizationsRouter): Promise<string> {
  const server = await router.listen();
  running.push(server);
  return server.baseUrl;
}

const get = (url: string, key?: string): Promise<Response> =>
  fetch(url, key === undefined ? {} : { headers: { authorization: `Bearer ${key}` } });

/** The organization_id every costs result of yesterday carries, and the projects it lists. */
async function whoAnswers(baseUrl: string, key: string): Promise<{ ids: string[]; projects: string[] }> {
  const costs = await get(`${baseUrl}/organization/costs?start_time=${TODAY - DAY}&limit=1`, key);
  expect(costs.status).toBe(200);
  const page = (await costs.json()) as { data: { results: { organization_id: string }[] }[] };
  const projects = await get(`${baseUrl}/organization/projects?limit=100`, key);
  const list = (await projects.json()) as { data: { id: string }[] };
  return {
    ids: [...new Set(page.data.flatMap((b) => b.results.map((r) => r.organization_id)))],
    projects: list.data.map((p) => p.id),
  };
}

describe('the organizations router', () => {
  it('answers each key as its own organization, with that organization data and id', async () => {
    const router = createOrganizationsRouter(ORGANIZATIONS);
    const baseUrl = await serve(router);
    const acme = await whoAnswers(baseUrl, ACME_KEY);
    const globex = await whoAnswers(baseUrl, GLOBEX_KEY);

    expect(acme.ids).toEqual([router.organization('acme').organization.id]);
    expect(globex.ids).toEqual([router.organization('globex').organization.id]);
    expect(acme.ids).not.toEqual(globex.ids);
    expect(acme.projects).toEqual(router.organization('acme').organization.projects.map((p) => p.id));
    expect(globex.projects).toEqual(router.organization('globex').organization.projects.map((p) => p.id));
    expect(acme.projects).not.toEqual(globex.projects);
    expect(router.organization('acme').stats.count('organization/costs')).toBe(1);
    expect(router.organization('globex').stats.count('organization/costs')).toBe(1);
  });

  it('serves the same bytes for a key as a lone simulator of that organization', async () => {
    const baseUrl = await serve(createOrganizationsRouter(ORGANIZATIONS));
    const alone = await createSimulator({ seed: 22, now: clock.now }).listen();
    running.push(alone);
    const path = `/organization/usage/completions?start_time=${TODAY - DAY}&bucket_width=1h&group_by=model`;
    const routed = await (await get(`${baseUrl}${path}`, GLOBEX_KEY)).text();
    expect(routed).toBe(await (await get(`${alone.baseUrl}${path}`, GLOBEX_KEY)).text());
  });

  it('refuses a missing, unknown or revoked key with the API 401 bodies and counts the refusals', async () => {
    const router = createOrganizationsRouter(ORGANIZATIONS);
    const baseUrl = await serve(router);
    const alone = await createSimulator({ seed: 11 }).listen();
    running.push(alone);

    const missing = await get(`${baseUrl}/organization/projects`);
    expect(missing.status).toBe(401);
    expect(await missing.text()).toBe(await (await get(`${alone.baseUrl}/organization/projects`)).text());

    const unknown = await get(`${baseUrl}/organization/projects`, 'sk-admin-nobody-0123456789abcdef');
    expect(unknown.status).toBe(401);
    const body = await errorBody(unknown);
    expect(body).toEqual({
      message:
        'Incorrect API key provided: sk-********cdef. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });

    expect(router.revokeKey(ACME_KEY)).toBe(true);
    expect(router.revokeKey(ACME_KEY)).toBe(false);
    const revoked = await get(`${baseUrl}/organization/costs?start_time=${TODAY}`, ACME_KEY);
    expect(revoked.status).toBe(401);
    expect((await errorBody(revoked)).code).toBe('invalid_api_key');
    expect(router.rejected.byPath()).toEqual({ 'organization/costs': 1, 'organization/projects': 2 });
    expect(router.organization('acme').stats.total).toBe(0);
  });

  it('rotates a key at run time: the new key answers as the same organization, the old one no more', async () => {
    const router = createOrganizationsRouter(ORGANIZATIONS);
    const baseUrl = await serve(router);
    const rotated = 'sk-admin-acme-rotated-fedcba9876543210';
    const before = await whoAnswers(baseUrl, ACME_KEY);

    router.addKey('acme', rotated);
    expect(router.keys('acme')).toEqual([ACME_KEY, rotated]);
    expect(await whoAnswers(baseUrl, rotated)).toEqual(before);
    router.revokeKey(ACME_KEY);

    expect(router.keys('acme')).toEqual([rotated]);
    expect((await get(`${baseUrl}/organization/projects`, ACME_KEY)).status).toBe(401);
    expect(await whoAnswers(baseUrl, rotated)).toEqual(before);
    expect([router.requestsWith(ACME_KEY), router.requestsWith(rotated)]).toEqual([3, 4]);
  });

  it('adds, lists and revokes keys through /__orgs/<name>/__keys, for a simulator in another process', async () => {
    const router = createOrganizationsRouter(ORGANIZATIONS);
    const baseUrl = await serve(router);
    const keys = `${baseUrl.replace(/\/v1$/, '/__orgs')}/acme/__keys`;
    const rotated = 'sk-admin-acme-http-0123456789abcdef';

    const added = await fetch(keys, { method: 'POST', body: JSON.stringify({ key: rotated }) });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ key: rotated });
    expect(await (await fetch(keys)).json()).toEqual([ACME_KEY, rotated]);
    expect((await get(`${baseUrl}/organization/projects`, rotated)).status).toBe(200);

    const stolen = await fetch(keys, { method: 'POST', body: JSON.stringify({ key: GLOBEX_KEY }) });
    expect(stolen.status).toBe(400);
    expect((await errorBody(stolen)).message).toBe("a key of 'acme' already belongs to 'globex'");
    expect((await fetch(keys, { method: 'POST', body: '{"key": 7}' })).status).toBe(400);
    expect((await fetch(keys, { method: 'POST', body: 'not json' })).status).toBe(400);

    expect((await fetch(`${keys}?key=${GLOBEX_KEY}`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${keys}?key=${ACME_KEY}`, { method: 'DELETE' })).status).toBe(204);
    expect(router.keys('acme')).toEqual([rotated]);
    expect(router.keys('globex')).toEqual([GLOBEX_KEY]);
    expect((await get(`${baseUrl}/organization/projects`, ACME_KEY)).status).toBe(401);
  });

  it('keeps each organization faults its own, through /__orgs/<name>/__faults', async () => {
    const router = createOrganizationsRouter(ORGANIZATIONS);
    const baseUrl = await serve(router);
    const hooks = baseUrl.replace(/\/v1$/, '/__orgs');
    const fault = { kind: 'status', status: 429, retryAfter: '7' };
    const injected = await fetch(`${hooks}/acme/__faults`, { method: 'POST', body: JSON.stringify(fault) });
    expect(injected.status).toBe(201);
    expect(router.organization('acme').faults.list()).toEqual([fault]);
    expect(await (await fetch(`${hooks}/globex/__faults`)).json()).toEqual([]);

    const limited = await get(`${baseUrl}/organization/projects`, ACME_KEY);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await get(`${baseUrl}/organization/projects`, GLOBEX_KEY)).status).toBe(200);

    expect((await fetch(`${hooks}/acme/__faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await get(`${baseUrl}/organization/projects`, ACME_KEY)).status).toBe(200);
  });

  it('serves each organization ground truth through /__orgs/<name>/__truth', async () => {
    const router = createOrganizationsRouter(ORGANIZATIONS);
    const hooks = (await serve(router)).replace(/\/v1$/, '/__orgs');
    const query = { category: 'costs', startTime: TODAY - DAY, endTime: TODAY, groupBy: [] } as const;
    for (const name of ['acme', 'globex']) {
      const res = await fetch(
        `${hooks}/${name}/__truth?category=costs&start_time=${TODAY - DAY}&end_time=${TODAY}`,
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(router.organization(name).truth.finalTotals(query));
    }
    const acme = router.organization('acme').truth.finalTotals(query);
    expect(acme).not.toEqual(router.organization('globex').truth.finalTotals(query));
  });

  it('answers 404 for an unknown organization, a root hook, and every hook with testHooks: false', async () => {
    const on = (await serve(createOrganizationsRouter(ORGANIZATIONS))).replace(/\/v1$/, '');
    const off = (await serve(createOrganizationsRouter(ORGANIZATIONS, { testHooks: false }))).replace(
      /\/v1$/,
      '',
    );
    expect((await fetch(`${on}/__orgs/initech/__faults`)).status).toBe(404);
    expect((await fetch(`${on}/__faults`)).status).toBe(404);
    expect((await fetch(`${on}/__orgs/acme/__faults/extra`)).status).toBe(404);
    expect((await fetch(`${off}/__orgs/acme/__faults`)).status).toBe(404);
    expect((await get(`${off}/v1/organization/projects`, ACME_KEY)).status).toBe(200);
  });

  it('refuses organizations it cannot tell apart, and a key given to two of them', () => {
    const build = (organizations: readonly RoutedOrganization[]) => () =>
      createOrganizationsRouter(organizations);
    expect(build([])).toThrow(RouterOptionsError);
    expect(build([{ name: 'Acme', keys: [] }])).toThrow(/not \[a-z0-9_-\]\+/);
    expect(build([...ORGANIZATIONS, { name: 'acme', keys: [], options: { seed: 3 } }])).toThrow(/used twice/);
    expect(build([...ORGANIZATIONS, { name: 'initech', keys: [], options: { seed: 11 } }])).toThrow(
      /same organization id/,
    );
    expect(build([...ORGANIZATIONS, { name: 'initech', keys: [ACME_KEY], options: { seed: 3 } }])).toThrow(
      /already belongs to 'acme'/,
    );
    const router = createOrganizationsRouter(ORGANIZATIONS);
    expect(() => router.addKey('globex', ACME_KEY)).toThrow(/already belongs to 'acme'/);
    expect(() => router.addKey('initech', 'sk-admin-x')).toThrow(/no organization named 'initech'/);
    expect(() => router.addKey('acme', 'sk-admin with space')).toThrow(RouterOptionsError);
  });
});
