import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/index.js';
import { LIMITS_FAMILIES } from '../../src/metrics/limits-metrics.js';
import {
  fetchText,
  freePort,
  killAll,
  type RunningPrometheus,
  spawnExporter,
  startPrometheusWithConfig,
  tempDirectory,
  waitFor,
} from '../support/processes.js';
import { ESTIMATE_FED_METRICS, type EstimateFixture, startEstimateFixture } from './estimate-fixture.js';

// Every panel of the committed dashboards, evaluated through a real Prometheus that scrapes the
// `--demo` exporter with the rules loaded: each query must parse and return data, unless the
// panel's description says when it is legitimately empty. The demo serves the organization's
// limits too; the estimated spend comes from a fixture scraped alongside (estimate-fixture.ts).
// Every panel that reads either must show data.

interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly description: string;
  readonly expr: string;
}

const DASHBOARDS = new URL('../../grafana/dashboards/', import.meta.url);
const RULES = new URL('../../grafana/rules/openai-usage-exporter.rules.yml', import.meta.url).pathname;

function panelQueries(): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const file of readdirSync(DASHBOARDS).filter((name) => name.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(new URL(file, DASHBOARDS), 'utf8')) as {
      title: string;
      panels: { title: string; type: string; description?: string; targets?: { expr: string }[] }[];
    };
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        queries.push({
          dashboard: dashboard.title,
          panel: panel.title,
          description: panel.description ?? '',
          expr: target.expr,
        });
      }
    }
  }
  return queries;
}

/** What Grafana would send with "All" selected and a short dashboard range. */
function substitute(expr: string, instance: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__range', '1h')
    .replaceAll('$job', 'openai-usage-exporter')
    .replaceAll('$instance', instance)
    .replaceAll('$organization', '.*')
    .replaceAll('$project', '.*')
    .replaceAll('$model', '.*');
}

const mayBeEmpty = (description: string) => /\bempty\b/i.test(description);

let prometheus: RunningPrometheus | undefined;
let estimateFixture: EstimateFixture | undefined;
let instance = '';

const reads = (metrics: ReadonlySet<string>) => (expr: string) =>
  [...metrics].some((name) => expr.includes(`${name}{`));
const readsLimits = reads(new Set(LIMITS_FAMILIES.map((family) => family.metric)));
const readsEstimate = reads(ESTIMATE_FED_METRICS);

beforeAll(async () => {
  // The demo's simulated organization is seeded, so its first project id is known in advance.
  const projects = createSimulator({ seed: 1 }).organization.projects.map((p) => p.id);
  const project = projects[0] ?? '';
  const port = await freePort();
  instance = `127.0.0.1:${port}`;
  spawnExporter([
    '--demo',
    `--web.listen-address=${instance}`,
    `--storage.path=${tempDirectory('oue-panels-')}`,
    '--budget.daily-usd=500',
    '--budget.monthly-usd=9000',
    `--budget.project-daily-usd=${project}=50`,
    `--budget.project-monthly-usd=${project}=900`,
  ]);
  // A hang limit, not a speed check: the demo simulates its organization's day before its first
  // polls end (about 15 s on an idle 2-core machine), and the rest of the suite shares the cores.
  await waitFor(
    'the demo exporter to be ready',
    async () => ((await fetchText(`http://${instance}/-/ready`)).status === 200 ? true : undefined),
    90_000,
  );
  // The limits poll waits for the names and reads every project: it ends after readiness.
  await waitFor(
    'the demo exporter to serve the limits and the headroom',
    async () => {
      const { text } = await fetchText(`http://${instance}/metrics`);
      return /^openai_exporter_poll_success\{organization="default",category="limits"\} 1$/m.test(text) &&
        /^openai_project_peak_tokens_per_minute\{/m.test(text)
        ? true
        : undefined;
    },
    90_000,
  );
  estimateFixture = await startEstimateFixture(instance, projects);
  prometheus = await startPrometheusWithConfig({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [RULES],
    scrape_configs: [
      { job_name: 'openai-usage-exporter', static_configs: [{ targets: [instance] }] },
      // honor_labels keeps the fixture's job and instance: its series read as the exporter's.
      {
        job_name: 'estimate-fixture',
        honor_labels: true,
        static_configs: [{ targets: [estimateFixture.target] }],
      },
    ],
  });
  // Enough scrapes for every rate and increase window to hold two samples, and for the rules.
  await sleep(15_000);
}, 180_000);

afterAll(async () => {
  killAll();
  await prometheus?.stop();
  await estimateFixture?.close();
});

describe('every dashboard panel against a live Prometheus', () => {
  it('has queries to check', () => {
    expect(panelQueries().length).toBeGreaterThan(30);
  });

  it('returns data for each panel query, or the panel says when it may be empty', async () => {
    const failures: string[] = [];
    for (const query of panelQueries()) {
      const expr = substitute(query.expr, instance);
      expect(expr, `${query.dashboard} / ${query.panel}`).not.toMatch(/\$[a-zA-Z_{]/);
      try {
        const result = await (prometheus as RunningPrometheus).query(expr);
        if (result.length === 0 && !mayBeEmpty(query.description)) {
          failures.push(`${query.dashboard} / ${query.panel}: no data for ${expr}`);
        }
      } catch (error) {
        failures.push(`${query.dashboard} / ${query.panel}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("shows the demo's limits in every panel that reads them, empty-when notes notwithstanding", async () => {
    const panels = new Map<string, string[]>();
    const descriptions = new Map<string, string>();
    for (const query of panelQueries().filter((q) => readsLimits(q.expr))) {
      const key = `${query.dashboard} / ${query.panel}`;
      descriptions.set(key, query.description);
      panels.set(key, [...(panels.get(key) ?? []), substitute(query.expr, instance)]);
    }
    expect(panels.size).toBeGreaterThan(8);
    // Days until the hard limit need a spend rate, which the demo may not have built up yet.
    const spending = await (prometheus as RunningPrometheus).query(
      substitute('sum(increase(openai_cost_usd_total{instance=~"$instance"}[1d])) > 0', instance),
    );
    const empty: string[] = [];
    for (const [panel, exprs] of panels) {
      const results = await Promise.all(exprs.map((expr) => (prometheus as RunningPrometheus).query(expr)));
      const excused =
        spending.length === 0 && (descriptions.get(panel) ?? '').includes('while nothing is spent');
      if (results.every((result) => result.length === 0) && !excused)
        empty.push(`${panel}: no data for ${exprs.join(' ; ')}`);
    }
    expect(empty).toEqual([]);
  }, 60_000);

  it('shows the fed estimate in every panel that reads it, empty-when notes notwithstanding', async () => {
    const empty: string[] = [];
    const estimatePanels = panelQueries().filter((q) => readsEstimate(q.expr));
    expect(new Set(estimatePanels.map((q) => q.panel)).size).toBeGreaterThanOrEqual(6);
    for (const query of estimatePanels) {
      const expr = substitute(query.expr, instance);
      const result = await (prometheus as RunningPrometheus).query(expr);
      if (result.length === 0) empty.push(`${query.dashboard} / ${query.panel}: no data for ${expr}`);
    }
    expect(empty).toEqual([]);
  }, 60_000);
});
