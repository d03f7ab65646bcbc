import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../simulator/index.js';
import { LOCK_FILE_NAME } from '../../src/state/storage-directory.js';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';

// The storage path from the command line: checked before serving, locked against a second
// exporter, and never shared between --demo and a real key.

let upstream: RunningSimulator;
beforeAll(async () => {
  upstream = await createSimulator({ seed: 5, finalizationDelaySeconds: 60 }).listen();
});
afterAll(async () => {
  killAll();
  await upstream.close();
});

const STATE = 'openai-usage-exporter.state.json';
const real = (storage: string, ...extra: string[]) =>
  spawnExporter(
    [
      `--openai.base-url=${upstream.baseUrl}`,
      `--storage.path=${storage}`,
      '--web.listen-address=127.0.0.1:0',
      '--log.level=warn',
      '--openai.requests-per-second=100',
      ...extra,
    ],
    { OPENAI_ADMIN_KEY: 'sk-admin-storage-path' },
  );

function unwritable(): string {
  const parent = tempDirectory('oue-storage-');
  writeFileSync(join(parent, 'a-file'), 'not a directory');
  return join(parent, 'a-file', 'state');
}

/** A lock as a live exporter on this host leaves it: this test runner's pid stands in for it. */
function lockedDirectory(): string {
  const dir = tempDirectory('oue-locked-');
  writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: process.pid, hostname: hostname() }));
  return dir;
}

describe('--storage.path', () => {
  it('that cannot be written fails at start-up with exit 2, naming the option and the OS error', async () => {
    const run = real(unwritable());
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/--storage\.path: .*ENOTDIR/);
    expect(run.output()).not.toContain('serving metrics');
  }, 60_000);

  it('is checked by --check-config too', async () => {
    const run = real(unwritable(), '--check-config');
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/--storage\.path: .*ENOTDIR/);
  }, 60_000);

  it('held by a running exporter makes a second one exit 2 naming the option', async () => {
    const dir = lockedDirectory();
    const run = real(dir);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain(
      `--storage.path: ${dir} is in use by another exporter (pid ${process.pid}`,
    );
    expect(existsSync(join(dir, STATE))).toBe(false);
  }, 60_000);

  it('held by a running exporter lets --once run without writing state, and say so', async () => {
    const dir = lockedDirectory();
    const run = real(dir, '--once');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('openai_completions_input_tokens_total');
    expect(run.output()).toContain('state is not saved');
    expect(readdirSync(dir)).toEqual([LOCK_FILE_NAME]);
  }, 60_000);

  it('is locked while --once runs and released when it exits', async () => {
    const dir = tempDirectory('oue-once-lock-');
    const run = real(dir, '--once');
    expect(await run.exited).toBe(0);
    expect(readdirSync(dir)).toEqual([STATE]);
  }, 60_000);
});

describe('--demo', () => {
  it('keeps its state in a subdirectory of its own, apart from a real run', async () => {
    const dir = tempDirectory('oue-demo-');
    const run = spawnExporter(['--demo', '--once', `--storage.path=${dir}`, '--log.level=warn']);
    expect(await run.exited).toBe(0);
    expect(existsSync(join(dir, 'demo', STATE))).toBe(true);
    expect(existsSync(join(dir, STATE))).toBe(false);
  }, 60_000);
});
