import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, spawnExporter } from '../support/processes.js';

afterAll(() => killAll());

const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

describe('--version', () => {
  it('prints the version, the git revision and the Node version', async () => {
    const run = spawnExporter(['--version']);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(
      new RegExp(
        `^openai-usage-exporter \\d+\\.\\d+\\.\\d+\\S* \\(revision ${head}, node ${process.version}\\)\\n$`,
      ),
    );
  });

  it('takes the revision from OPENAI_EXPORTER_REVISION when set, as the container image does', async () => {
    const run = spawnExporter(['-v'], { OPENAI_EXPORTER_REVISION: 'abc1234' });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('(revision abc1234, node ');
  });
});
