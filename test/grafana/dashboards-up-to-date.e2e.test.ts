import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the committed dashboards', () => {
  it('pass the generator check that CI can run', () => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const check = spawnSync(tsx, ['grafana/src/generate.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
