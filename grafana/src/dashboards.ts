// The committed dashboards and their exact file contents, shared by the generator and the tests.

import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { healthDashboard } from './health-dashboard.js';
import { spendDashboard } from './spend-dashboard.js';
import { usageDashboard } from './usage-dashboard.js';

export interface DashboardFile {
  /** File name inside `grafana/dashboards/`. */
  readonly file: string;
  readonly dashboard: Dashboard;
}

export function buildDashboards(): DashboardFile[] {
  return [
    { file: 'openai-spend.json', dashboard: spendDashboard() },
    { file: 'openai-usage.json', dashboard: usageDashboard() },
    { file: 'openai-exporter-health.json', dashboard: healthDashboard() },
  ];
}

export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

export const DASHBOARDS_DIR = new URL('../dashboards/', import.meta.url);
