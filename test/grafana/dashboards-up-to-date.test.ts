import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDashboards, renderDashboard } from '../../grafana/src/dashboards.js';
import { EXPECTED_DASHBOARDS, readDashboardText } from './dashboard-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the committed dashboards', () => {
  it('are exactly what grafana/src generates (run `npx tsx grafana/src/generate.ts` after a change)', () => {
    const generated = buildDashboards();
    expect(generated.map((d) => d.file)).toEqual(EXPECTED_DASHBOARDS.map((d) => d.file));
    for (const { file, dashboard } of generated) {
      expect(readDashboardText(file), file).toBe(renderDashboard(dashboard));
    }
  });

  it('pass the generator check that CI can run', () => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const check = spawnSync(tsx, ['grafana/src/generate.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
