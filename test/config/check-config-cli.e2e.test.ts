import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';

afterAll(killAll);

async function checkConfig(args: readonly string[]): Promise<string> {
  const spawned = spawnExporter(['--check-config', ...args], { OPENAI_ADMIN_KEY: 'sk-admin-cli-roundtrip' });
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
});
