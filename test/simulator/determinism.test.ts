import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/index.js';
import { CATEGORIES, CATEGORY_IDS } from '../../src/catalog/categories.js';
import { ADMIN_KEY, type Harness, NOW, query, startHarness } from './helpers.js';

async function everyAnswer(h: Harness): Promise<string[]> {
  const bodies: string[] = [];
  for (const id of CATEGORY_IDS) {
    const spec = CATEGORIES[id];
    for (const width of spec.widths) {
      const res = await h.get(spec.path, {
        start_time: NOW - 2 * 86_400 - 17,
        bucket_width: width,
        limit: 3,
        group_by: spec.dimensions,
      });
      bodies.push(await res.text());
    }
  }
  for (const path of ['organization/projects', 'organization/users'])
    bodies.push(await (await h.get(path)).text());
  return bodies;
}

describe('determinism', () => {
  it('answers byte-identically for the same seed and clock', async () => {
    const a = await startHarness({ seed: 42 });
    const b = await startHarness({ seed: 42 });
    try {
      expect(await everyAnswer(b)).toEqual(await everyAnswer(a));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('answers byte-identically again after caches warmed up', async () => {
    const a = await startHarness({ seed: 42 });
    try {
      const first = await everyAnswer(a);
      expect(await everyAnswer(a)).toEqual(first);
    } finally {
      await a.close();
    }
  });

  it('gives another seed another organization and other traffic', async () => {
    const a = await startHarness({ seed: 1 });
    const b = await startHarness({ seed: 2 });
    try {
      expect(a.sim.organization.id).not.toBe(b.sim.organization.id);
      expect(a.sim.organization.projects[0]?.id).not.toBe(b.sim.organization.projects[0]?.id);
      const [pa, pb] = await Promise.all(
        [a, b].map(
          async (h) => (await h.page('embeddings', { start_time: NOW - 86_400 })).data[0]?.results[0],
        ),
      );
      expect(pa?.input_tokens).not.toBe(pb?.input_tokens);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('the request listener', () => {
  it('can be mounted on a server of the caller', async () => {
    const sim = createSimulator({ now: () => NOW * 1000 });
    const server = createServer(sim.requestListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(
        `http://127.0.0.1:${port}/v1/organization/costs?${query({ start_time: NOW - 60 })}`,
        {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        },
      );
      expect(res.status).toBe(200);
      expect(sim.stats.count('organization/costs')).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports its base URL under /v1', async () => {
    const running = await createSimulator().listen();
    try {
      expect(running.baseUrl).toBe(`http://127.0.0.1:${running.port}/v1`);
      expect(running.port).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});
