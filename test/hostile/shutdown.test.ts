import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { STATE_FILE_NAME } from '../../src/state/state-file.js';
import {
  fetchText,
  freePort,
  killAll,
  type Spawned,
  spawnExporter,
  tempDirectory,
  waitFor,
} from '../support/processes.js';

const BOUND_MS = 10_000;
let simulator: Simulator;
let upstream: RunningSimulator;

beforeAll(async () => {
  simulator = createSimulator({ seed: 71, finalizationDelaySeconds: 60 });
  upstream = await simulator.listen();
});

afterEach(() => simulator.faults.clear());

afterAll(async () => {
  killAll();
  await upstream?.close();
});

interface Running {
  readonly exporter: Spawned;
  readonly base: string;
  readonly storage: string;
}

async function start(extra: readonly string[] = []): Promise<Running> {
  const port = await freePort();
  const storage = tempDirectory('oue-shutdown-');
  const exporter = spawnExporter(
    [
      `--web.listen-address=127.0.0.1:${port}`,
      `--openai.base-url=${upstream.baseUrl}`,
      `--storage.path=${storage}`,
      '--openai.requests-per-second=100',
      '--poll.concurrency=4',
      ...extra,
    ],
    { OPENAI_ADMIN_KEY: 'sk-admin-shutdown-test' },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the exporter to listen', async () =>
    (await fetchText(`${base}/-/healthy`)).status === 200 ? true : undefined,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${exporter.output()}`);
  });
  return { exporter, base, storage };
}

/** Sends the signal and resolves with the exit code and how long the process took to end. */
async function stop(
  exporter: Spawned,
  signal: NodeJS.Signals,
): Promise<{ code: number | string; ms: number }> {
  const sent = Date.now();
  exporter.child.kill(signal);
  const code = await Promise.race([exporter.exited, sleep(BOUND_MS + 5_000).then(() => 'still running')]);
  return { code, ms: Date.now() - sent };
}

function savedState(storage: string): { categories: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(storage, STATE_FILE_NAME), 'utf8'));
}

async function portClosed(base: string): Promise<boolean> {
  return fetch(`${base}/-/healthy`).then(
    () => false,
    () => true,
  );
}

describe('the exporter process on shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits 0 on %s within 10 s, with its state saved and its port closed',
    async (signal) => {
      const { exporter, base, storage } = await start();
      await waitFor('the exporter to be ready', async () =>
        (await fetchText(`${base}/-/ready`)).status === 200 ? true : undefined,
      );
      const { code, ms } = await stop(exporter, signal);
      expect(code, exporter.output()).toBe(0);
      expect(ms).toBeLessThan(BOUND_MS);
      expect(Object.keys(savedState(storage).categories).length).toBeGreaterThan(5);
      expect(await portClosed(base)).toBe(true);
      expect(exporter.output()).toContain(`"signal":"${signal}"`);
    },
    30_000,
  );

  it('still stops within 10 s while upstream requests hang for longer than that', async () => {
    simulator.faults.inject({ kind: 'hang' });
    const hangingBefore = simulator.stats.total;
    // The request timeout is far beyond the bound: only aborting the requests can end them in time.
    const { exporter, base, storage } = await start(['--openai.timeout=5m']);
    await waitFor('requests to hang', async () =>
      simulator.stats.total >= hangingBefore + 4 ? true : undefined,
    );
    expect((await fetchText(`${base}/-/ready`)).status).toBe(503);
    const { code, ms } = await stop(exporter, 'SIGTERM');
    expect(code, exporter.output()).toBe(0);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(savedState(storage).categories).toBeDefined();
    expect(await portClosed(base)).toBe(true);
  }, 30_000);
});
