import { describe, expect, it } from 'vitest';
import { buildDashboards, renderDashboard } from '../../grafana/src/dashboards.js';
import { EXPECTED_DASHBOARDS, readDashboardText } from './dashboard-files.js';

describe('the committed dashboards', () => {
  it('are exactly what grafana/src generates (run `npx tsx grafana/src/generate.ts` after a change)', () => {
    const generated = buildDashboards();
    expect(generated.map((d) => d.file)).toEqual(EXPECTED_DASHBOARDS.map((d) => d.file));
    for (const { file, dashboard } of generated) {
      expect(readDashboardText(file), file).toBe(renderDashboard(dashboard));
    }
  });
});
