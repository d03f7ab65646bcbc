// Assembles a complete dashboard: shared settings, the datasource/job/instance variables, layout.

import { layout, type Section } from './layout.js';
import type { Dashboard, QueryVariable } from './model.js';
import { datasourceVariable, instanceVariable, jobVariable } from './variables.js';

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Default time range start, e.g. `now-7d`. */
  readonly from: string;
  /** Variables after datasource, job and instance. */
  readonly variables: readonly QueryVariable[];
  readonly sections: readonly Section[];
}

/** Shared by every dashboard, so each one links to the others. */
export const DASHBOARD_TAG = 'openai-usage-exporter';

export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [DASHBOARD_TAG, 'openai'],
    // Costs and budgets follow UTC days and months; local time would split a day's spend across two bars.
    timezone: 'utc',
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '1m',
    time: { from: spec.from, to: 'now' },
    links: [
      {
        type: 'dashboards',
        title: 'OpenAI dashboards',
        tags: [DASHBOARD_TAG],
        asDropdown: false,
        includeVars: true,
        keepTime: true,
      },
    ],
    annotations: { list: [] },
    templating: { list: [datasourceVariable(), jobVariable(), instanceVariable(), ...spec.variables] },
    panels: layout(spec.sections),
  };
}
