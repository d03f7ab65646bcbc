import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isContractMetric } from './contract-metrics.js';
import { durationSeconds, rangeUses, selectors } from './promql-scan.js';
import { promtool } from './promtool.js';
import {
  allRules,
  githubAnchor,
  RULES_DIR,
  RULES_FILE,
  RUNBOOK_URL_PREFIX,
  readRules,
  readUnitTestFile,
  unitTestFiles,
} from './rules-files.js';

const REQUIRED_ALERTS = [
  'OpenAISpendSpike',
  'OpenAIEstimatedSpendSpike',
  'OpenAICostEstimateOff',
  'OpenAIDailyBudgetExceeded',
  'OpenAIDailyBudgetProjectedToExceed',
  'OpenAIMonthlyBudgetExceeded',
  'OpenAIMonthlyBudgetProjectedToExceed',
  'OpenAISpendLimitProjectedToExceed',
  'OpenAIRateLimitHeadroomLow',
  'OpenAITokenSpike',
  'OpenAIUsageExporterDown',
  'OpenAIUsageCategoryPollFailing',
  'OpenAIUsageDataStale',
  'OpenAIUpstreamRateLimited',
];

/** The labels each aggregation level keeps besides job, instance and organization. */
const LEVEL_LABELS: Readonly<Record<string, readonly string[]>> = {
  instance: [],
  project: ['project_id'],
  project_model: ['project_id', 'model'],
  project_line_item: ['project_id', 'line_item'],
};

const alerts = allRules().filter((rule) => rule.alert !== undefined);
const records = allRules().filter((rule) => rule.record !== undefined);
const readText = (path: string) => readFileSync(new URL(`../../grafana/${path}`, import.meta.url), 'utf8');

describe('the Prometheus rules file', () => {
  it('passes promtool check rules', async () => {
    const result = await promtool(['check', 'rules', RULES_FILE], RULES_DIR);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('passes every promtool unit test file', async () => {
    const files = unitTestFiles();
    expect(files.length).toBeGreaterThan(0);
    // One promtool per file, in parallel: the spike tests replay a week of samples.
    const results = await Promise.all(files.map((file) => promtool(['test', 'rules', file], RULES_DIR)));
    const failures = results.filter((result) => !result.ok).map((result) => result.output);
    expect(failures).toEqual([]);
  }, 180_000);

  it('defines every alert the exporter promises', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([...REQUIRED_ALERTS].sort());
  });

  it('gives every alert a severity, a summary, a description and a section of docs/runbook.md', () => {
    const runbook = readFileSync(new URL('../../docs/runbook.md', import.meta.url), 'utf8');
    const runbookAnchors = new Set(
      [...runbook.matchAll(/^#{2,4} (.+)$/gm)].map((m) => githubAnchor(m[1] as string)),
    );
    for (const rule of alerts) {
      expect(['critical', 'warning', 'info'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
      const url = rule.annotations?.runbook_url ?? '';
      expect(url.startsWith(RUNBOOK_URL_PREFIX), rule.alert).toBe(true);
      expect(runbookAnchors, rule.alert).toContain(url.slice(RUNBOOK_URL_PREFIX.length));
    }
  });

  it('names recording rules level:metric:operations, the level matching the labels kept', () => {
    for (const rule of records) {
      const name = rule.record ?? '';
      const [level = '', metric = '', operations = ''] = name.split(':');
      expect(name, name).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
      expect(Object.keys(LEVEL_LABELS), name).toContain(level);
      expect(metric.endsWith('_total'), `${name}: drop _total after rate or increase`).toBe(false);
      expect(operations, name).not.toBe('');
      const aggregation = /^sum by \(([^)]*)\)/.exec(rule.expr.trim());
      if (aggregation !== null) {
        const kept = (aggregation[1] as string).split(',').map((label) => label.trim());
        expect(kept.sort(), name).toEqual(
          ['job', 'instance', 'organization', ...(LEVEL_LABELS[level] ?? [])].sort(),
        );
      }
    }
  });

  it('reads only contract metrics and its own recordings, with windows fit for how often each changes', () => {
    const recorded = new Set(records.map((rule) => rule.record));
    for (const rule of allRules()) {
      const name = rule.record ?? rule.alert;
      for (const { metric } of selectors(rule.expr)) {
        expect(isContractMetric(metric) || recorded.has(metric), `${name} reads ${metric}`).toBe(true);
      }
      for (const use of rangeUses(rule.expr, new Set(['rate', 'irate', 'increase']))) {
        const minimum = use.metrics.includes('openai_cost_usd_total') ? 3600 : 300;
        expect(durationSeconds(use.range), `${name}: ${use.fn}[${use.range}]`).toBeGreaterThanOrEqual(
          minimum,
        );
      }
    }
  });

  it('is documented: every recording rule and alert is listed in grafana/README.md', () => {
    const readme = readText('README.md');
    for (const rule of allRules())
      expect(readme, rule.record ?? rule.alert).toContain(`\`${rule.record ?? rule.alert}\``);
  });
});

describe('the promtool unit tests', () => {
  const files = unitTestFiles().map((file) => ({ file, content: readUnitTestFile(file) }));
  const cases = files.flatMap(({ content }) => content.tests.flatMap((test) => test.alert_rule_test ?? []));

  it('test the real rules file, in a fixed group order', () => {
    const groups = readRules().groups.map((group) => group.name);
    for (const { file, content } of files) {
      expect(content.rule_files, file).toEqual([`../${RULES_FILE}`]);
      expect(content.group_eval_order, file).toEqual(groups);
    }
  });

  it('have a firing and a non-firing case for every alert', () => {
    const firing = new Set(cases.filter((c) => (c.exp_alerts ?? []).length > 0).map((c) => c.alertname));
    const silent = new Set(cases.filter((c) => (c.exp_alerts ?? []).length === 0).map((c) => c.alertname));
    for (const rule of alerts) {
      expect(firing, `firing case for ${rule.alert}`).toContain(rule.alert);
      expect(silent, `non-firing case for ${rule.alert}`).toContain(rule.alert);
    }
  });

  it('only name alerts that exist, since an expected silence of a misspelt alert always passes', () => {
    const names = new Set(alerts.map((rule) => rule.alert));
    for (const testCase of cases) expect(names, testCase.alertname).toContain(testCase.alertname);
  });
});
