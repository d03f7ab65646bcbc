import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { allQueries, substituteVariables } from './dashboard-files.js';
import { promtool } from './promtool.js';

// Prometheus has no standalone expression parser, but `promtool check rules` parses every rule's
// expression: wrap each panel query, variables substituted, in a recording rule.
describe('every dashboard query', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grafana-queries-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is valid PromQL once Grafana has substituted its variables', async () => {
    const queries = allQueries();
    expect(queries.length).toBeGreaterThan(50);
    const rules = queries.map(({ file, panel, expr }, index) => ({
      record: `dashboard_query:${file.replace(/\W/g, '_')}:panel_${panel.id}_${index}`,
      expr: substituteVariables(expr),
    }));
    writeFileSync(join(dir, 'queries.yml'), stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
    const result = await promtool(['check', 'rules', 'queries.yml'], dir);
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.ok).toBe(true);
  });
});
