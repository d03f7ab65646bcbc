import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';

// The config module's unit tests cover every option; these prove the process turns a mistake into
// exit code 2 and one message naming the culprit, before it binds a port or calls the upstream.
const dir = tempDirectory('oue-bad-input-');
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const KEY = { OPENAI_ADMIN_KEY: 'sk-admin-bad-input-test' };
const NO_KEY = { OPENAI_ADMIN_KEY: undefined, OPENAI_ADMIN_KEY_FILE: undefined };

afterAll(() => killAll());

async function run(args: readonly string[], env: NodeJS.ProcessEnv) {
  // Should a mistake slip through, the exporter must neither take a real port nor touch ./data.
  const spawned = spawnExporter(
    [...args, '--storage.path', join(dir, 'state'), '--web.listen-address=127.0.0.1:0'],
    env,
  );
  return { code: await spawned.exited, output: spawned.output(), stdout: spawned.stdout() };
}

const yamlFile = file('exporter.yaml', 'poll: [\n');
const badValueFile = file('values.yaml', 'poll:\n  interval: fast\n');
const badWebConfig = file('web.yml', 'basic_auth_users:\n  prometheus: not-a-bcrypt-hash\n');

const CASES: readonly (readonly [string, readonly string[], NodeJS.ProcessEnv, readonly string[]])[] = [
  ['an unknown flag', ['--poll.intervall=5s'], KEY, ['--poll.intervall', 'unknown flag', '--poll.interval?']],
  ['a bad duration flag', ['--poll.interval=5 minutes'], KEY, ['--poll.interval', '"5 minutes"']],
  [
    'a bad environment variable',
    [],
    { ...KEY, OPENAI_EXPORTER_POLL_WINDOW: 'soon' },
    ['OPENAI_EXPORTER_POLL_WINDOW'],
  ],
  [
    'a config file that is not YAML',
    [`--config.file=${yamlFile}`],
    KEY,
    [yamlFile, 'not valid YAML', 'line 2'],
  ],
  ['a bad value in the config file', [`--config.file=${badValueFile}`], KEY, [badValueFile, 'poll.interval']],
  [
    'a config file that does not exist',
    ['--config.file=/nonexistent.yaml'],
    KEY,
    ['--config.file', 'ENOENT'],
  ],
  [
    'a bad --web.config.file',
    [`--web.config.file=${badWebConfig}`],
    KEY,
    ['--web.config.file', 'prometheus'],
  ],
  ['a missing --web.config.file', ['--web.config.file=/nonexistent.yml'], KEY, ['--web.config.file']],
  [
    'an admin key file that does not exist',
    [],
    { ...NO_KEY, OPENAI_ADMIN_KEY_FILE: '/nonexistent' },
    ['OPENAI_ADMIN_KEY_FILE'],
  ],
];

describe.concurrent('the exporter process given bad input', () => {
  it.each(CASES)('exits 2 naming the culprit for %s', async (_, args, env, named) => {
    const { code, output, stdout } = await run(args, env);
    expect(code, output).toBe(2);
    for (const fragment of named) expect(output).toContain(fragment);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it('exits 2 with neither a key nor --demo, saying where to create a key and how to try --demo', async () => {
    const { code, output } = await run([], NO_KEY);
    expect(code).toBe(2);
    expect(output).toContain('OPENAI_ADMIN_KEY');
    expect(output).toContain('https://platform.openai.com/settings/organization/admin-keys');
    expect(output).toContain('--demo');
  });
});
