import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSimulator, type Simulator } from '../../simulator/index.js';
import { parseExposition } from '../support/exposition.js';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';
import { type EchoUpstream, startEchoUpstream } from './support/echo-upstream.js';
import { filesUnder, LEAK_KEY, LEAK_SECRET, leaksOf, serveAndStop } from './support/leak-check.js';

// The paths where the key meets the command line, the config file and the key file.
let simulator: Simulator;
let upstream: EchoUpstream;
const dir = tempDirectory('oue-secrets-cli-');
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  simulator = createSimulator({ seed: 91, finalizationDelaySeconds: 60 });
  // In front of the simulator to record which key each request carried.
  upstream = await startEchoUpstream({ delegate: simulator.requestListener });
});

afterAll(async () => {
  killAll();
  await upstream?.close();
});

async function run(args: readonly string[], env: NodeJS.ProcessEnv) {
  const storage = tempDirectory('oue-secrets-cli-state-');
  const spawned = spawnExporter(
    [...args, `--storage.path=${storage}`, '--web.listen-address=127.0.0.1:0', '--log.level=debug'],
    env,
  );
  const code = await spawned.exited;
  const exposures = [{ where: 'stdout+stderr', text: spawned.output() }, ...filesUnder(storage)];
  return { code, output: spawned.output(), stdout: spawned.stdout(), exposures };
}

describe('the admin key', () => {
  it('is shown redacted by --check-config', async () => {
    const { code, stdout, exposures } = await run(['--check-config'], { OPENAI_ADMIN_KEY: LEAK_KEY });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# admin key: <redacted>/m);
    expect(parse(stdout).openai.base_url).toBe('https://api.openai.com/v1');
    expect(leaksOf(exposures)).toEqual([]);
  });

  it('appears nowhere after --once', async () => {
    const { code, stdout, exposures } = await run(
      ['--once', `--openai.base-url=${upstream.baseUrl}`, '--openai.requests-per-second=100'],
      { OPENAI_ADMIN_KEY: LEAK_KEY },
    );
    expect(code).toBe(0);
    expect(parseExposition(stdout).samples.length).toBeGreaterThan(100);
    expect(exposures.some((e) => e.where.endsWith('.state.json'))).toBe(true);
    expect(leaksOf(exposures)).toEqual([]);
    // A hang limit, not a speed check: the simulator answering the whole --once (usage, costs,
    // names, limits) runs in this test's own process, about 2.5 s alone and ten times that while
    // the rest of the suite shares the two cores.
  }, 120_000);

  it.each([
    ['as a flag', [`--openai.admin-key=${LEAK_KEY}`]],
    ['as the value of another flag', ['--poll.window', LEAK_KEY]],
    ['as a stray argument', [LEAK_KEY]],
  ])('is not repeated when given %s', async (_, args) => {
    const { code, output, exposures } = await run(args, { OPENAI_ADMIN_KEY: 'sk-admin-some-other-key' });
    expect(code).toBe(2);
    expect(output).toMatch(/^openai-usage-exporter: /);
    expect(leaksOf(exposures)).toEqual([]);
  });

  it.each([
    ['under a key the file does not have', `openai:\n  admin_key: ${LEAK_KEY}\n`],
    ['as the value of a setting', `poll:\n  window: ${LEAK_KEY}\n`],
    ['on a line that is not valid YAML', `openai:\n  base_url: [${LEAK_KEY}\n`],
  ])('is not repeated from a config file holding it %s', async (_, yaml) => {
    const path = file('config.yaml', yaml);
    const { code, output, exposures } = await run([`--config.file=${path}`], {
      OPENAI_ADMIN_KEY: 'sk-admin-some-other-key',
    });
    expect(code).toBe(2);
    expect(output).toContain(path);
    expect(leaksOf(exposures)).toEqual([]);
  });

  it.each([
    ['OPENAI_EXPORTER_STORAGE_PATH', [], { OPENAI_EXPORTER_STORAGE_PATH: `/var/lib/${LEAK_KEY}` }],
    ['--openai.base-url', [`--openai.base-url=https://${LEAK_KEY}.example`], {}],
    ['--budget.project-daily-usd', [`--budget.project-daily-usd=${LEAK_KEY}=10`], {}],
  ])('is refused as the value of %s, even by --check-config, and not repeated', async (flag, args, env) => {
    const { code, output, exposures } = await run(['--check-config', ...args], {
      OPENAI_ADMIN_KEY: 'sk-admin-some-other-key',
      ...env,
    });
    expect(code).toBe(2);
    expect(output).toContain(`${flag}: looks like an OpenAI API key`);
    expect(leaksOf(exposures)).toEqual([]);
  });

  it('is refused at once when it is a project key, and not repeated', async () => {
    const { code, output, exposures } = await run([], {
      OPENAI_ADMIN_KEY: `sk-proj-LEAKCHECK-${LEAK_SECRET}`,
    });
    expect(code).toBe(2);
    expect(output).toContain('OPENAI_ADMIN_KEY: the admin key is a project key');
    expect(output).toContain('https://platform.openai.com/settings/organization/admin-keys');
    expect(leaksOf(exposures)).toEqual([]);
  });

  it('is not repeated from a key file holding something that is not a key', async () => {
    const path = file('bad-key', `${LEAK_KEY} and some notes\n`);
    const { code, output, exposures } = await run([], {
      OPENAI_ADMIN_KEY_FILE: path,
      OPENAI_ADMIN_KEY: undefined,
    });
    expect(code).toBe(2);
    expect(output).toContain('OPENAI_ADMIN_KEY_FILE');
    expect(leaksOf(exposures)).toEqual([]);
  });
});

describe('OPENAI_ADMIN_KEY_FILE', () => {
  it('authenticates every request with the key from the file, which then appears nowhere', async () => {
    // Secret files usually end with a newline; it is not part of the key.
    const path = file('admin-key', `${LEAK_KEY}\n`);
    const before = upstream.authorizations.length;
    const run = await serveAndStop(upstream.baseUrl, {
      OPENAI_ADMIN_KEY_FILE: path,
      OPENAI_ADMIN_KEY: undefined,
    });
    expect(run.exitCode, run.output).toBe(0);
    const sent = upstream.authorizations.slice(before);
    expect(sent.length).toBeGreaterThan(10);
    expect(new Set(sent)).toEqual(new Set([`Bearer ${LEAK_KEY}`]));
    const metrics = parseExposition(run.exposures.find((e) => e.where === '/metrics')?.text ?? '');
    const success = metrics.samples.filter((s) => s.name === 'openai_exporter_poll_success');
    expect(success.length).toBeGreaterThan(10);
    expect(success.filter((s) => s.value !== 1)).toEqual([]);
    expect(leaksOf(run.exposures)).toEqual([]);
    expect(run.output).not.toContain(LEAK_SECRET);
  }, 45_000);
});
