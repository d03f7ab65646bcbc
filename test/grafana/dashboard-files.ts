// Loads the committed dashboards and walks their panels, for the lint and parse tests.

import { readFileSync } from 'node:fs';

export const GRAFANA_DIR = new URL('../../grafana/', import.meta.url);

export interface TargetJson {
  readonly refId: string;
  readonly expr: string;
  readonly datasource: unknown;
}

export interface PanelJson {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  readonly interval?: string;
  readonly datasource?: unknown;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly targets?: readonly TargetJson[];
  readonly fieldConfig?: { readonly defaults?: { readonly unit?: string } };
}

export interface VariableJson {
  readonly type: string;
  readonly name: string;
  readonly query: unknown;
  readonly datasource?: unknown;
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  readonly allValue?: string;
}

export interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly PanelJson[];
  readonly templating: { readonly list: readonly VariableJson[] };
}

export interface DashboardExpectation {
  readonly file: string;
  readonly uid: string;
  /** Multi-value variables with "All" the dashboard must offer besides datasource/job/instance/organization. */
  readonly filters: readonly string[];
}

export const EXPECTED_DASHBOARDS: readonly DashboardExpectation[] = [
  { file: 'openai-spend.json', uid: 'openai-spend', filters: ['project', 'model'] },
  { file: 'openai-usage.json', uid: 'openai-usage', filters: ['project', 'model'] },
  { file: 'openai-exporter-health.json', uid: 'openai-exporter-health', filters: [] },
];

export function readDashboardText(file: string): string {
  return readFileSync(new URL(`dashboards/${file}`, GRAFANA_DIR), 'utf8');
}

export function readDashboard(file: string): DashboardJson {
  return JSON.parse(readDashboardText(file)) as DashboardJson;
}

/** Panels that show data; row headers carry neither queries nor units. */
export function dataPanels(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.filter((panel) => panel.type !== 'row');
}

/** Every panel query with its panel, across the committed dashboards. */
export function allQueries(): { file: string; panel: PanelJson; expr: string }[] {
  return EXPECTED_DASHBOARDS.flatMap(({ file }) =>
    dataPanels(readDashboard(file)).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ file, panel, expr: target.expr })),
    ),
  );
}

/** Grafana's variables replaced by values Prometheus accepts, as a dashboard would send them. */
export function substituteVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$__range', '7d')
    .replace(/\$\{?(job|instance|project|model)\}?/g, '.*');
}
