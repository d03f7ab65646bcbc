import { describe, expect, it } from 'vitest';
import { isContractMetric, USAGE_METRICS } from './contract-metrics.js';
import {
  type DashboardJson,
  dataPanels,
  EXPECTED_DASHBOARDS,
  type PanelJson,
  readDashboard,
} from './dashboard-files.js';
import { bracketError, durationSeconds, rangeUses, selectors, variablesUsed } from './promql-scan.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template literal
const DATASOURCE_REF = { type: 'prometheus', uid: '${datasource}' };
const GRAFANA_GLOBALS = new Set(['__rate_interval', '__range', '__interval']);
const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
/**
 * Series of the scrape target as a whole carry no organization label (one exporter may report
 * several organizations): filtering them by organization would empty them.
 */
const TARGET_METRICS = new Set(['up', 'openai_exporter_build_info']);
const isTargetMetric = (metric: string): boolean =>
  TARGET_METRICS.has(metric) || metric.startsWith('process_') || metric.startsWith('nodejs_');
/** The variables every dashboard starts with, in this order: the scope of every query. */
const SCOPE_VARIABLES = ['datasource', 'job', 'instance', 'organization'];

/**
 * Fixed ranges allowed instead of `$__rate_interval`, and what the panel description must say to
 * justify them. Costs arrive in daily buckets polled every 5 minutes, so their rates need long windows;
 * the estimated spend's run rate and its per-day comparison with the bill need fixed windows too;
 * "over the selected time range" panels total the whole dashboard range on purpose.
 */
const FIXED_RANGES: readonly { range: string; metric?: string; mention: readonly string[] }[] = [
  { range: '1h', metric: 'openai_cost_usd_total', mention: ['1h', 'polled every 5 minutes'] },
  { range: '1d', metric: 'openai_cost_usd_total', mention: ['1d', 'polled every 5 minutes'] },
  { range: '$__range', mention: ['selected time range'] },
  // The estimated spend: a month-end projection needs a run rate steadier than a few minutes, and
  // estimated against billed is compared per UTC day.
  { range: '1h', metric: 'openai_cost_estimated_usd_total', mention: ['1h', 'run rate'] },
  { range: '1d', metric: 'openai_cost_estimated_usd_total', mention: ['1d', 'UTC day'] },
];

function everyDatasource(node: unknown, path: string, found: { path: string; value: unknown }[]): void {
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) everyDatasource(child, `${path}[${index}]`, found);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'datasource') found.push({ path: `${path}.${key}`, value });
      everyDatasource(value, `${path}.${key}`, found);
    }
  }
}

function problemsOfQuery(panel: PanelJson, expr: string, variables: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const bracket = bracketError(expr);
  if (bracket !== undefined) return [`${bracket} in ${expr}`];
  const description = panel.description ?? '';
  for (const selector of selectors(expr)) {
    if (selector.metric === '') {
      problems.push(`bare selector without a metric name in ${expr}`);
      continue;
    }
    if (!isContractMetric(selector.metric)) problems.push(`unknown metric ${selector.metric}`);
    const has = (label: string) =>
      selector.matchers.some((m) => m.label === label && m.op === '=~' && m.value === `$${label}`);
    if (!has('job') || !has('instance'))
      problems.push(`${selector.metric} is not filtered by job and instance`);
    if (!isTargetMetric(selector.metric) && !has('organization'))
      problems.push(`${selector.metric} is not filtered by organization`);
  }
  // A project belongs to one organization: per-project aggregations and joins keep it, so two
  // organizations' projects never merge and each legend or row can name its organization.
  for (const clause of expr.matchAll(/\b(by|on)\s*\(([^)]*)\)/g)) {
    const labels = (clause[2] as string).split(',').map((label) => label.trim());
    if (labels.includes('project_id') && !labels.includes('organization'))
      problems.push(`${clause[1]} (${labels.join(', ')}) keeps project_id without organization`);
  }
  for (const use of rangeUses(expr, RATE_FUNCTIONS)) {
    if (use.range === '$__rate_interval') continue;
    const allowed = FIXED_RANGES.find(
      (entry) =>
        entry.range === use.range &&
        (entry.metric === undefined || use.metrics.every((m) => m === entry.metric)),
    );
    if (allowed === undefined)
      problems.push(`${use.fn} over [${use.range}] is neither $__rate_interval nor allowed`);
    else if (!allowed.mention.every((text) => description.includes(text))) {
      problems.push(
        `[${use.range}] is not justified in the description (needs ${allowed.mention.join(', ')})`,
      );
    }
  }
  for (const name of variablesUsed(expr)) {
    if (!variables.has(name) && !GRAFANA_GLOBALS.has(name)) problems.push(`undefined variable $${name}`);
  }
  return problems;
}

function problemsOfPanel(panel: PanelJson, variables: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!panel.fieldConfig?.defaults?.unit) problems.push('no unit');
  if ((panel.description ?? '').trim().length < 20) problems.push('no description');
  if (JSON.stringify(panel.datasource) !== JSON.stringify(DATASOURCE_REF)) problems.push('panel datasource');
  const targets = panel.targets ?? [];
  if (targets.length === 0) problems.push('no queries');
  for (const target of targets) {
    if (JSON.stringify(target.datasource) !== JSON.stringify(DATASOURCE_REF))
      problems.push('target datasource');
    problems.push(...problemsOfQuery(panel, target.expr, variables));
  }
  const exprs = targets.map((t) => t.expr).join('\n');
  if (exprs.includes('$__rate_interval') && !(durationSeconds(panel.interval ?? '') >= 300)) {
    problems.push(`uses $__rate_interval with a minimum interval under 5m (${panel.interval})`);
  }
  const ratesOfUsage = targets.some((t) =>
    rangeUses(t.expr, RATE_FUNCTIONS).some((use) => use.metrics.some((m) => USAGE_METRICS.includes(m))),
  );
  if (ratesOfUsage && !(panel.description ?? '').includes('minutes late')) {
    problems.push('a usage rate without the late-data note');
  }
  if (exprs.includes('openai_budget_usd') && !/empty/i.test(panel.description ?? '')) {
    problems.push('budget panel does not say when it is empty');
  }
  return problems.map((problem) => `${panel.title}: ${problem}`);
}

function overlaps(a: PanelJson['gridPos'], b: PanelJson['gridPos']): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe.each(EXPECTED_DASHBOARDS)('the $file dashboard', ({ file, uid, filters }) => {
  const dashboard: DashboardJson = readDashboard(file);
  const variables = new Map(dashboard.templating.list.map((variable) => [variable.name, variable]));

  it('has its stable uid and a title', () => {
    expect(dashboard.uid).toBe(uid);
    expect(dashboard.title).not.toBe('');
  });

  it('offers a datasource variable of type datasource for Prometheus', () => {
    expect(variables.get('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
  });

  it('never hard-codes a datasource', () => {
    const found: { path: string; value: unknown }[] = [];
    everyDatasource(dashboard, '$', found);
    expect(found.length).toBeGreaterThan(dataPanels(dashboard).length);
    expect(found.filter((entry) => JSON.stringify(entry.value) !== JSON.stringify(DATASOURCE_REF))).toEqual(
      [],
    );
  });

  it('has job and instance variables read from openai_exporter_build_info', () => {
    for (const name of ['job', 'instance']) {
      const variable = variables.get(name);
      expect(variable, name).toMatchObject({ type: 'query', datasource: DATASOURCE_REF });
      expect(String(variable?.query), name).toMatch(/^label_values\(openai_exporter_build_info\b/);
    }
  });

  it('starts with the datasource, job, instance and organization variables, in that order', () => {
    expect(dashboard.templating.list.slice(0, SCOPE_VARIABLES.length).map((v) => v.name)).toEqual(
      SCOPE_VARIABLES,
    );
  });

  it('has a multi-value organization variable with All, read from a series every organization exports', () => {
    expect(variables.get('organization')).toMatchObject({
      type: 'query',
      multi: true,
      includeAll: true,
      allValue: '.*',
      query: 'label_values(openai_exporter_poll_success{job=~"$job", instance=~"$instance"}, organization)',
    });
  });

  it('has multi-value project and model variables with All only where they make sense', () => {
    for (const name of ['project', 'model']) {
      if (filters.includes(name)) {
        expect(variables.get(name), name).toMatchObject({ type: 'query', multi: true, includeAll: true });
      } else {
        expect(variables.has(name), name).toBe(false);
      }
    }
  });

  it('reads its variables only from known metrics, scoped to the selected job, instance and organization', () => {
    for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
      const query = String(variable.query);
      const selector = /^label_values\((.+),\s*\w+\)$/.exec(query)?.[1];
      expect(selector, variable.name).toBeDefined();
      for (const found of selectors(selector ?? '')) {
        const names =
          found.metric === ''
            ? (found.matchers.find((m) => m.label === '__name__')?.value ?? '')
            : found.metric;
        for (const name of names.split('|'))
          expect(isContractMetric(name), `${variable.name}: ${name}`).toBe(true);
        const labels = found.matchers.map((m) => m.label);
        if (variable.name !== 'job') expect(labels, variable.name).toContain('job');
        if (!['job', 'instance'].includes(variable.name)) expect(labels, variable.name).toContain('instance');
        if (!['job', 'instance', 'organization'].includes(variable.name))
          expect(labels, variable.name).toContain('organization');
      }
    }
  });

  it('gives every panel a unit, a description, the datasource variable and well-formed, scoped queries', () => {
    const names = new Set(variables.keys());
    expect(dataPanels(dashboard).flatMap((panel) => problemsOfPanel(panel, names))).toEqual([]);
  });

  it('lays panels out on the 24-column grid without overlaps or duplicate ids', () => {
    const panels = dashboard.panels;
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const [i, a] of panels.entries()) {
      expect(a.gridPos.x + a.gridPos.w, a.title).toBeLessThanOrEqual(24);
      for (const b of panels.slice(i + 1))
        expect(overlaps(a.gridPos, b.gridPos), `${a.title} / ${b.title}`).toBe(false);
    }
  });
});

describe('the dashboard lint', () => {
  const variables = new Set(['datasource', 'job', 'instance', 'organization', 'project', 'model']);
  const panel = (expr: string, description = 'A description long enough to count.'): PanelJson => ({
    id: 1,
    type: 'timeseries',
    title: 'probe',
    description,
    interval: '5m',
    datasource: DATASOURCE_REF,
    gridPos: { x: 0, y: 0, w: 12, h: 8 },
    targets: [{ refId: 'A', expr, datasource: DATASOURCE_REF }],
    fieldConfig: { defaults: { unit: 'short' } },
  });
  const scoped = 'job=~"$job", instance=~"$instance", organization=~"$organization"';

  it('accepts a scoped rate over $__rate_interval', () => {
    expect(
      problemsOfPanel(
        panel(`sum(rate(openai_exporter_polls_total{${scoped}}[$__rate_interval]))`),
        variables,
      ),
    ).toEqual([]);
  });

  it('rejects unknown metrics, missing scope, short fixed ranges, unjustified cost windows and unknown variables', () => {
    expect(problemsOfPanel(panel(`openai_exporter_pols_total{${scoped}}`), variables)).toEqual([
      'probe: unknown metric openai_exporter_pols_total',
    ]);
    expect(problemsOfPanel(panel('openai_exporter_series{job=~"$job"}'), variables)).toEqual([
      'probe: openai_exporter_series is not filtered by job and instance',
      'probe: openai_exporter_series is not filtered by organization',
    ]);
    expect(problemsOfPanel(panel(`rate(openai_exporter_polls_total{${scoped}}[1m])`), variables)).toEqual([
      'probe: rate over [1m] is neither $__rate_interval nor allowed',
    ]);
    expect(problemsOfPanel(panel(`increase(openai_cost_usd_total{${scoped}}[1h])`), variables)).toEqual([
      'probe: [1h] is not justified in the description (needs 1h, polled every 5 minutes)',
    ]);
    expect(problemsOfPanel(panel(`openai_exporter_series{${scoped}, category=~"$nope"}`), variables)).toEqual(
      ['probe: undefined variable $nope'],
    );
  });

  it('wants organization on every product and per-organization series, not on the scrape target', () => {
    const target = 'job=~"$job", instance=~"$instance"';
    expect(problemsOfPanel(panel(`openai_exporter_series{${target}}`), variables)).toEqual([
      'probe: openai_exporter_series is not filtered by organization',
    ]);
    expect(
      problemsOfPanel(panel(`up{${target}} + process_resident_memory_bytes{${target}}`), variables),
    ).toEqual([]);
  });

  it('rejects a per-project aggregation or join that drops the organization', () => {
    expect(
      problemsOfPanel(
        panel(
          `sum by (project_id) (openai_cost_current_day_usd{${scoped}}) / on (organization, project_id) x`,
        ),
        variables,
      ),
    ).toEqual([
      'probe: unknown metric x',
      'probe: x is not filtered by job and instance',
      'probe: x is not filtered by organization',
      'probe: by (project_id) keeps project_id without organization',
    ]);
  });

  it('rejects usage rates without the late-data note and budget panels that do not say when they are empty', () => {
    expect(
      problemsOfPanel(
        panel(`rate(openai_embeddings_requests_total{${scoped}}[$__rate_interval])`),
        variables,
      ),
    ).toEqual(['probe: a usage rate without the late-data note']);
    expect(problemsOfPanel(panel(`openai_budget_usd{${scoped}}`), variables)).toEqual([
      'probe: budget panel does not say when it is empty',
    ]);
  });
});
