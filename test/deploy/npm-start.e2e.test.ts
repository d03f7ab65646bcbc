import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchText, freePort, tempDirectory, waitFor } from '../support/processes.js';

// `npm start` is what the README tells a newcomer to run, and what many process supervisors run:
// it must run the built program (no devDependency at run time) and stop when npm is told to.
const ROOT = new URL('../../', import.meta.url).pathname;
const groups: number[] = [];

afterAll(() => {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Whether any process is left in the process group `npm start` was started in. */
function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  it('runs the built exporter, and SIGTERM to npm stops it and leaves no process behind', async () => {
    const port = await freePort();
    const npm = spawn(
      'npm',
      [
        'start',
        '--',
        '--demo',
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.path=${tempDirectory('oue-npm-start-')}`,
      ],
      // Its own process group, so the test can see whether any of npm's children outlive it.
      { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    groups.push(npm.pid as number);
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string>((resolve) =>
      npm.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
    );

    // The first start may have to build first.
    const metrics = await waitFor(
      'product data on /metrics',
      async () => {
        const { text } = await fetchText(`http://127.0.0.1:${port}/metrics`);
        return /^openai_completions_/m.test(text) ? text : undefined;
      },
      240_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    expect(metrics).toContain('openai_exporter_build_info');
    expect(output).toMatch(/^> (exec )?node dist\/src\/main\.js/m);
    expect(output).not.toMatch(/\btsx\b/);

    npm.kill('SIGTERM');
    // npm forwards the signal, then ends as the signal would have ended it.
    expect([0, 'SIGTERM']).toContain(await exited);
    await waitFor('every process of npm start to end', async () =>
      groupAlive(npm.pid as number) ? undefined : true,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    expect(await accepts(port)).toBe(false);
    // The exporter itself shut down in order (state saved), rather than being cut off.
    expect(output).toMatch(/"msg":"stopped"/);
  }, 300_000);
});
