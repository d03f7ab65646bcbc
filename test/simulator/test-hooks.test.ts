// /__truth and /__faults are for tests: the simulator serves them unless told not to, and the
// --demo upstream (a production path) does not serve them at all.

import { describe, expect, it } from 'vitest';
import { startDemoUpstream } from '../../simulator/demo-upstream.js';
import { createSimulator } from '../../simulator/index.js';

const HOOKS = ['/__truth?start_time=0&end_time=60', '/__faults'];

async function statuses(baseUrl: string): Promise<number[]> {
  const origin = baseUrl.replace(/\/v1$/, '');
  return Promise.all(HOOKS.map(async (path) => (await fetch(`${origin}${path}`)).status));
}

describe('the test hooks', () => {
  it('answer when a test creates the simulator', async () => {
    const running = await createSimulator({ seed: 1 }).listen();
    try {
      expect(await statuses(running.baseUrl)).not.toContain(404);
    } finally {
      await running.close();
    }
  });

  it('are 404 with testHooks: false', async () => {
    const running = await createSimulator({ seed: 1, testHooks: false }).listen();
    try {
      expect(await statuses(running.baseUrl)).toEqual([404, 404]);
    } finally {
      await running.close();
    }
  });

  it('are not reachable through the --demo upstream, which still serves /v1', async () => {
    const demo = await startDemoUpstream();
    try {
      expect(await statuses(demo.baseUrl)).toEqual([404, 404]);
      const projects = await fetch(`${demo.baseUrl}/organization/projects`, {
        headers: { authorization: `Bearer ${demo.adminKey}` },
      });
      expect(projects.status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
