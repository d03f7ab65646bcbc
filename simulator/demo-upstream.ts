// --demo's upstream: the simulator in-process on a free loopback port with the live clock and a
// short finalization delay, so a first-time user sees late revisions settle within a few minutes.
// The test hooks (/__truth, /__faults) stay off: a demo serves only what the real API serves.

import { randomBytes } from 'node:crypto';
import { createSimulator } from './simulator.js';

const DEMO_FINALIZATION_DELAY_SECONDS = 120;

export interface DemoUpstream {
  readonly baseUrl: string;
  readonly adminKey: string;
  close(): Promise<void>;
}

export async function startDemoUpstream(): Promise<DemoUpstream> {
  const simulator = createSimulator({
    seed: 1,
    finalizationDelaySeconds: DEMO_FINALIZATION_DELAY_SECONDS,
    testHooks: false,
  });
  const running = await simulator.listen(0, '127.0.0.1');
  return {
    baseUrl: running.baseUrl,
    adminKey: `sk-admin-demo-${randomBytes(12).toString('hex')}`,
    close: () => running.close(),
  };
}
