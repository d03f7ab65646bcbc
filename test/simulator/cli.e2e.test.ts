import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliUsageError, parseSimulateArgs } from '../../simulator/cli.js';
import { ADMIN_KEY } from './helpers.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
/** `npm run simulate`'s entry point. */
const SIMULATOR_MAIN = fileURLToPath(new URL('../../simulator/main.ts', import.meta.url));

describe('simulate flags', () => {
  it('default to 127.0.0.1:8787 and the default organization', () => {
    expect(parseSimulateArgs([])).toEqual({
      help: false,
      host: '127.0.0.1',
      port: 8787,
      options: {},
      organizations: [],
    });
  });

  it('read every documented flag, with a space or an equals sign', () => {
    const args = parseSimulateArgs([
      '--web.listen-address',
      '0.0.0.0:9000',
      '--seed=7',
      '--finalization-delay',
      '60',
      '--scale.projects',
      '10',
      '--scale.users-per-project=4',
      '--scale.api-keys-per-project',
      '3',
      '--scale.models',
      '8',
    ]);
    expect(args).toEqual({
      help: false,
      host: '0.0.0.0',
      port: 9000,
      options: {
        seed: 7,
        finalizationDelaySeconds: 60,
        scale: { projects: 10, usersPerProject: 4, apiKeysPerProject: 3, models: 8 },
      },
      organizations: [],
    });
    expect(parseSimulateArgs(['--web.listen-address', '[::1]:0'])).toMatchObject({ host: '::1', port: 0 });
    expect(parseSimulateArgs(['--help']).help).toBe(true);
    expect(parseSimulateArgs(['--credits']).options).toEqual({ credits: true });
    expect(
      parseSimulateArgs(['--organization', 'acme=sk-admin-a', '--organization=globex=sk-admin-b'])
        .organizations,
    ).toEqual([
      { name: 'acme', key: 'sk-admin-a' },
      { name: 'globex', key: 'sk-admin-b' },
    ]);
  });

  it('reject unknown flags and bad values, naming the flag', () => {
    const cases: [string[], string][] = [
      [['--bogus'], '--bogus'],
      [['--seed', 'x'], '--seed'],
      [['--seed'], '--seed'],
      [['--scale.projects', '0'], '--scale.projects'],
      [['--web.listen-address', 'localhost'], '--web.listen-address'],
      [['--web.listen-address', '127.0.0.1:70000'], '--web.listen-address'],
      [['--finalization-delay', '-5'], '--finalization-delay'],
      [['--organization', 'acme'], '--organization'],
      [['--organization', '=sk-admin-a'], '--organization'],
    ];
    for (const [argv, flag] of cases) {
      expect(() => parseSimulateArgs(argv)).toThrow(CliUsageError);
      expect(() => parseSimulateArgs(argv)).toThrow(flag);
    }
  });
});

function run(args: string[], command: readonly string[] = [MAIN, 'simulate']) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, out: () => stdout, err: () => stderr };
}

describe('the simulate command', () => {
  it('serves in the foreground, prints its base URL, and exits 0 on SIGTERM', async () => {
    const { child, out } = run(['--web.listen-address', '127.0.0.1:0', '--seed', '7']);
    try {
      while (!out().includes('\n')) await once(child.stdout, 'data');
      const baseUrl = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out())?.[1];
      expect(baseUrl).toBeDefined();
      const res = await fetch(`${baseUrl}/organization/projects`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('serves several organizations on one port with --organization, each answering only to its key', async () => {
    const { child, out } = run([
      '--web.listen-address=127.0.0.1:0',
      '--organization=acme=sk-admin-cli-acme',
      '--organization=globex=sk-admin-cli-globex',
    ]);
    try {
      while (!out().includes('\n')) await once(child.stdout, 'data');
      const baseUrl = /(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(out())?.[1];
      const projects = async (key: string) => {
        const res = await fetch(`${baseUrl}/v1/organization/projects`, {
          headers: { authorization: `Bearer ${key}` },
        });
        return res.status === 200
          ? ((await res.json()) as { data: { id: string }[] }).data[0]?.id
          : res.status;
      };
      const acme = await projects('sk-admin-cli-acme');
      const globex = await projects('sk-admin-cli-globex');
      expect(typeof acme).toBe('string');
      expect(typeof globex).toBe('string');
      expect(acme).not.toBe(globex);
      expect(await projects(ADMIN_KEY)).toBe(401);
      expect((await fetch(`${baseUrl}/__orgs/globex/__faults`)).status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 naming an organization the router refuses', async () => {
    const { child, err } = run(['--organization=acme=sk-admin-x', '--organization=acme=sk-admin-y']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err()).toContain("'acme' is used twice");
  });

  it('exits 2 with a message naming an unknown flag', async () => {
    const { child, err } = run(['--nope']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err()).toContain('--nope');
  });

  it('is also npm run simulate, with the same flags', async () => {
    const { child, out } = run(['--help'], [SIMULATOR_MAIN]);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out()).toContain('--web.listen-address HOST:PORT');
    expect(out()).toContain('--seed N');
  });
});
