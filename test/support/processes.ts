// Child processes for end-to-end tests: the exporter exactly as a user runs it, and Debian's
// Prometheus. Every process is killed when the test file ends, even when a test fails.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = new URL('../../', import.meta.url).pathname;
const running = new Set<ChildProcess>();

export interface Spawned {
  readonly child: ChildProcess;
  /** stdout and stderr interleaved. */
  readonly output: () => string;
  readonly stdout: () => string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

export function spawnLogged(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  cwd: string = ROOT,
): Spawned {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { child, output: () => output, stdout: () => stdout, exited };
}

export interface SpawnExporterOptions {
  /** Shifts the process's wall clock (Date) by this many milliseconds; see clock-offset.mjs. */
  readonly clockOffsetMs?: number;
  /** A checkout to run instead of this one, e.g. a previous release's. */
  readonly root?: string;
}

const CLOCK_OFFSET = new URL('./clock-offset.mjs', import.meta.url).pathname;

/** `node --import tsx src/main.ts ARGS`: the exporter from a checkout, as `npm start` runs it. */
export function spawnExporter(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: SpawnExporterOptions = {},
): Spawned {
  const clock = options.clockOffsetMs === undefined ? [] : ['--import', CLOCK_OFFSET];
  const clockEnv =
    options.clockOffsetMs === undefined ? {} : { OUE_TEST_CLOCK_OFFSET_MS: String(options.clockOffsetMs) };
  return spawnLogged(
    process.execPath,
    [...clock, '--import', 'tsx', 'src/main.ts', ...args],
    { OPENAI_EXPORTER_LOG_FORMAT: 'json', ...clockEnv, ...env },
    options.root,
  );
}

export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function fetchText(url: string, init?: RequestInit): Promise<{ status: number; text: string }> {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

export function tempDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunningPrometheus {
  readonly url: string;
  query(expr: string, time?: number): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

/**
 * Debian's Prometheus, scraping the given targets every second, with optional rule files and an
 * optional TSDB directory (e.g. one holding backfilled history).
 */
export async function startPrometheus(
  targets: readonly string[],
  ruleFiles: readonly string[] = [],
  storagePath?: string,
): Promise<RunningPrometheus> {
  return startPrometheusWithConfig(
    {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles,
      scrape_configs: [{ job_name: 'openai-usage-exporter', static_configs: [{ targets }] }],
    },
    storagePath,
  );
}

/** Debian's Prometheus with a whole configuration of the caller's (JSON is valid YAML). */
export async function startPrometheusWithConfig(
  config: unknown,
  storagePath?: string,
): Promise<RunningPrometheus> {
  const dir = tempDirectory('oue-prometheus-');
  const port = await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const spawned = spawnLogged('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${storagePath ?? join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'prometheus to be ready',
    async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined),
    60_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${spawned.output()}`);
  });
  return {
    url,
    async query(expr, time) {
      const params = new URLSearchParams({ query: expr });
      if (time !== undefined) params.set('time', String(time));
      const response = await fetch(`${url}/api/v1/query?${params}`);
      const body = (await response.json()) as { status: string; error?: string; data?: { result: never[] } };
      if (body.status !== 'success') throw new Error(`PromQL ${expr}: ${body.error ?? response.status}`);
      return body.data?.result ?? [];
    },
    async stop() {
      spawned.child.kill('SIGTERM');
      await spawned.exited;
    },
  };
}
