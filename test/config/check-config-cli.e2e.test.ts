import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';

afterAll(killAll);

async function checkConfig(
  args: readonly string[],
  env: NodeJS.ProcessEnv = { OPENAI_ADMIN_KEY: 'sk-admin-cli-roundtrip' },
): Promise<string> {
  const spawned = spawnExporter(['--check-config', ...args], env);
  expect(await spawned.exited, spawned.output()).toBe(0);
  return spawned.stdout();
}

describe('openai-usage-exporter --check-config', () => {
  it('prints a config file that, given back with --config.file, prints itself again', async () => {
    const printed = await checkConfig([
      '--poll.window=30m',
      '--categories=completions,embeddings,costs',
      '--budget.project-monthly-usd=proj_a=300',
      '--storage.path=./state',
    ]);
    const file = join(tempDirectory('oue-check-config-'), 'config.yaml');
    writeFileSync(file, printed);
    expect(await checkConfig([`--config.file=${file}`])).toBe(printed);
    expect(printed).toContain('window: 30m');
    expect(printed).toContain('# admin key: <redacted>');
    expect(printed).not.toContain('sk-admin-cli-roundtrip');
  }, 60_000);

  it('prints an organizations list with where each key is, and never a key from a file or a variable', async () => {
    const directory = tempDirectory('oue-check-config-orgs-');
    const fileKey = 'sk-admin-acme-file-0123456789abcdef';
    const envKey = 'sk-admin-globex-env-0123456789abcdef';
    writeFileSync(join(directory, 'acme-key'), `${fileKey}\n`);
    const file = join(directory, 'config.yaml');
    writeFileSync(
      file,
      [
        'organizations:',
        `  - { name: acme, admin_key_file: ${join(directory, 'acme-key')} }`,
        '  - { name: globex, admin_key_env: GLOBEX_KEY, categories: [costs] }',
      ].join('\n'),
    );
    const env = { GLOBEX_KEY: envKey };
    const printed = await checkConfig([`--config.file=${file}`], env);
    expect(printed).toContain(`admin_key_file: ${join(directory, 'acme-key')}`);
    expect(printed).toContain('admin_key_env: GLOBEX_KEY');
    expect(printed).not.toContain(fileKey);
    expect(printed).not.toContain(envKey);
    writeFileSync(file, printed);
    expect(await checkConfig([`--config.file=${file}`], env)).toBe(printed);
  }, 60_000);
});
