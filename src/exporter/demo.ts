// --demo: the only place the exporter reaches into the simulator. It runs in-process on a free
// loopback port with the live clock and a short finalization delay, so a first-time user sees
// late revisions settle within a few minutes.

import { randomBytes } from 'node:crypto';
import { createSimulator } from '../simulator/index.js';

const DEMO_FINALIZATION_DELAY_SECONDS = 120;

export interface DemoUpstream {
  readonly baseUrl: string;
  readonly adminKey: string;
  close(): Promise<void>;
}

export async function startDemoUpstream(): Promise<DemoUpstream> {
  const simulator = createSimulator({ seed: 1, finalizationDelaySeconds: DEMO_FINALIZATION_DELAY_SECONDS });
  const running = await simulator.listen(0, '127.0.0.1');
  return {
    baseUrl: running.baseUrl,
    adminKey: `sk-admin-demo-${randomBytes(12).toString('hex')}`,
    close: () => running.close(),
  };
}
