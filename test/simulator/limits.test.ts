import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS_PERIOD_SECONDS, UNLIMITED_MODEL } from '../../simulator/index.js';
import { errorBody, type Harness, type List, listAllOf, NOW_MS, startHarness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: { projects: 8 } });
});
afterAll(() => h.close());

async function json(path: string, params?: Record<string, string | number>): Promise<unknown> {
  const res = await h.get(path, params);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

const listAll = (path: string, limit: number) => listAllOf(h, path, limit);

const projects = () => h.sim.limits().projects;
const withLimit = () => projects().filter((p) => p.spendLimit !== undefined);
const withoutLimit = () => projects().filter((p) => p.spendLimit === undefined);

describe('the limits endpoints', () => {
  it('serve the organization hard spend limit in cents, as organization.spend_limit', async () => {
    const limit = h.sim.limits().spendLimit;
    if (limit === undefined) throw new Error('seed 1 gives the organization a hard limit');
    expect(await json('organization/spend_limit')).toEqual({
      object: 'organization.spend_limit',
      threshold_amount: limit.thresholdCents,
      currency: 'USD',
      interval: 'month',
      enforcement: { status: limit.enforcing ? 'enforcing' : 'inactive' },
    });
    expect(Number.isSafeInteger(limit.thresholdCents)).toBe(true);
  });

  it('answer 404 for an organization without a hard limit (seed 2)', async () => {
    const other = await startHarness({ seed: 2 });
    try {
      expect(other.sim.limits().spendLimit).toBeUndefined();
      const res = await other.get('organization/spend_limit');
      expect(res.status).toBe(404);
      expect((await errorBody(res)).code).toBe('not_found');
    } finally {
      await other.close();
    }
  });

  it("serve a project's hard limit as project.spend_limit, and 404 for a project without one", async () => {
    expect(withLimit().length).toBeGreaterThan(0);
    expect(withoutLimit().length).toBeGreaterThan(0);
    for (const p of withLimit()) {
      expect(await json(`organization/projects/${p.projectId}/spend_limit`)).toEqual({
        object: 'project.spend_limit',
        threshold_amount: p.spendLimit?.thresholdCents,
        currency: 'USD',
        interval: 'month',
        enforcement: { status: p.spendLimit?.enforcing ? 'enforcing' : 'inactive' },
      });
    }
    for (const p of withoutLimit()) {
      const res = await h.get(`organization/projects/${p.projectId}/spend_limit`);
      expect(res.status).toBe(404);
      expect((await errorBody(res)).code).toBe('not_found');
    }
  });

  it('list the organization spend alerts, paged with limit and after', async () => {
    const alerts = h.sim.limits().spendAlerts;
    const { items, pages } = await listAll('organization/spend_alerts', 2);
    expect(pages).toBe(Math.max(1, Math.ceil(alerts.length / 2)));
    expect(items).toEqual(
      alerts.map((a) => ({
        id: a.id,
        object: 'organization.spend_alert',
        threshold_amount: a.thresholdCents,
        currency: 'USD',
        interval: 'month',
        notification_channel: expect.objectContaining({ type: 'email', recipients: expect.any(Array) }),
      })),
    );
  });

  it("list a project's spend alerts as project.spend_alert, some projects having none", async () => {
    const counts = [];
    for (const p of projects()) {
      const { items } = await listAll(`organization/projects/${p.projectId}/spend_alerts`, 1);
      expect(items.map((a) => [a.id, a.object, a.threshold_amount])).toEqual(
        p.spendAlerts.map((a) => [a.id, 'project.spend_alert', a.thresholdCents]),
      );
      counts.push(items.length);
    }
    expect(counts).toContain(0);
    expect(counts.some((n) => n > 1)).toBe(true);
  });

  it('order spend alerts descending on request', async () => {
    const alerts = h.sim.limits().spendAlerts;
    const list = (await json('organization/spend_alerts', { order: 'desc' })) as List;
    expect(list.data.map((a) => a.id)).toEqual(alerts.map((a) => a.id).reverse());
    expect((await h.get('organization/spend_alerts', { order: 'sideways' })).status).toBe(400);
  });

  it('page backwards with before: the limit items just before the cursor', async () => {
    const ids = h.sim.limits().spendAlerts.map((a) => a.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const list = (await json('organization/spend_alerts', { before: ids[2] ?? '', limit: 1 })) as List;
    expect(list.data.map((a) => a.id)).toEqual([ids[1]]);
    const all = (await json('organization/spend_alerts', { before: ids[2] ?? '' })) as List;
    expect(all.data.map((a) => a.id)).toEqual(ids.slice(0, 2));
  });

  it("list a project's rate limits per model, giving optional fields only where they apply", async () => {
    const p = projects()[0];
    const { items, pages } = await listAll(`organization/projects/${p?.projectId}/rate_limits`, 3);
    expect(pages).toBeGreaterThan(1);
    expect(items.map((r) => r.model)).toEqual(p?.rateLimits.map((r) => r.model));
    for (const r of items) {
      expect(r).toMatchObject({
        object: 'project.rate_limit',
        id: expect.any(String),
        model: expect.any(String),
      });
      expect(Number.isSafeInteger(r.max_requests_per_1_minute)).toBe(true);
      expect(Number.isSafeInteger(r.max_tokens_per_1_minute)).toBe(true);
    }
    const models = new Map(items.map((r) => [r.model, r]));
    expect(models.get('gpt-image-1')).toHaveProperty('max_images_per_1_minute');
    expect(models.get('gpt-4o')).not.toHaveProperty('max_images_per_1_minute');
    expect(models.get('gpt-4o')).toHaveProperty('batch_1_day_max_input_tokens');
    expect(models.has('gpt-4')).toBe(true);
  });

  it('leave one model out of the rate limits of every fourth project, so its usage is unmapped', () => {
    const models = (i: number) => projects()[i]?.rateLimits.map((r) => r.model) ?? [];
    expect(models(0)).toContain(UNLIMITED_MODEL);
    expect(models(1)).not.toContain(UNLIMITED_MODEL);
    expect(models(1).filter((m) => `${UNLIMITED_MODEL}-2025-04-16`.startsWith(m))).toEqual([]);
  });

  it('answer 404 for an unknown project and 400 for bad paging or unknown parameters', async () => {
    for (const resource of ['spend_limit', 'spend_alerts', 'rate_limits']) {
      expect((await h.get(`organization/projects/proj_nope/${resource}`)).status).toBe(404);
    }
    const id = projects()[0]?.projectId;
    expect((await h.get(`organization/projects/${id}/rate_limits`, { limit: 101 })).status).toBe(400);
    expect((await h.get('organization/spend_alerts', { after: 'alert_nope' })).status).toBe(400);
    expect((await h.get('organization/spend_limit', { limit: 1 })).status).toBe(400);
  });

  it('ask for the admin key like every other endpoint', async () => {
    const res = await fetch(`${h.running.baseUrl}/organization/spend_limit`);
    expect(res.status).toBe(401);
    const proj = await h.get('organization/spend_alerts', undefined, { authorization: 'Bearer sk-proj-abc' });
    expect(proj.status).toBe(403);
  });

  it('change some limits from one period to the next, deterministically from the seed', async () => {
    const at = (period: number) => h.sim.limits(NOW_MS + period * LIMITS_PERIOD_SECONDS * 1000);
    const spends = (period: number) => at(period).projects.map((p) => p.spendLimit?.thresholdCents);
    const tpm = (period: number) => at(period).projects.map((p) => p.rateLimits[0]?.maxTokensPerMinute);
    const periods = [0, 1, 2, 3, 4, 5];
    expect(new Set(periods.map((n) => JSON.stringify(spends(n)))).size).toBeGreaterThan(1);
    expect(new Set(periods.map((n) => JSON.stringify(tpm(n)))).size).toBeGreaterThan(1);
    // Steady projects keep their limits; presence never changes.
    const steady = at(0)
      .projects.map((_, i) => i)
      .filter((i) => i % 3 !== 0);
    for (const n of periods) {
      for (const i of steady) expect(spends(n)[i]).toBe(spends(0)[i]);
      expect(spends(n).map((v) => v === undefined)).toEqual(spends(0).map((v) => v === undefined));
    }
    const twin = await startHarness({ scale: { projects: 8 } });
    try {
      expect(twin.sim.limits(NOW_MS)).toEqual(h.sim.limits(NOW_MS));
    } finally {
      await twin.close();
    }
  });

  it('serve what the clock says: a changed limit shows on the endpoint after the period boundary', async () => {
    const changing = projects().find(
      (p, i) =>
        i % 3 === 0 &&
        p.spendLimit !== undefined &&
        h.sim.limits(NOW_MS + LIMITS_PERIOD_SECONDS * 1000).projects[i]?.spendLimit?.thresholdCents !==
          p.spendLimit.thresholdCents,
    );
    expect(changing).toBeDefined();
    const path = `organization/projects/${changing?.projectId}/spend_limit`;
    const before = ((await json(path)) as { threshold_amount: number }).threshold_amount;
    h.clock.advanceSeconds(LIMITS_PERIOD_SECONDS);
    try {
      const after = ((await json(path)) as { threshold_amount: number }).threshold_amount;
      expect(after).not.toBe(before);
      expect(after).toBe(
        projects().find((p) => p.projectId === changing?.projectId)?.spendLimit?.thresholdCents,
      );
    } finally {
      h.clock.advanceSeconds(-LIMITS_PERIOD_SECONDS);
    }
  });
});
