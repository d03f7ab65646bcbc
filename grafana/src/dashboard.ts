// Assembles a complete dashboard: shared settings, the datasource/job/instance/organization
// variables, layout.

import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  type DashboardLink,
  DashboardLinkBuilder,
  DashboardLinkType,
  type QueryVariableBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { layout, type Section } from './layout.js';
import { datasourceVariable, instanceVariable, jobVariable, organizationVariable } from './variables.js';

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Default time range start, e.g. `now-7d`. */
  readonly from: string;
  /** Variables after datasource, job, instance and organization. */
  readonly variables: readonly QueryVariableBuilder[];
  readonly sections: readonly Section[];
}

/** Shared by every dashboard, so each one links to the others. */
export const DASHBOARD_TAG = 'openai-usage-exporter';

/**
 * The builder fills `placement: inControlsMenu` in as a default, which would move the link from the
 * dashboard's top bar into the controls menu; without the field Grafana keeps it in the top bar.
 */
function topBarLink(link: DashboardLinkBuilder): Builder<DashboardLink> {
  return {
    build: () => {
      const { placement: _inControlsMenu, ...rest } = link.build();
      return rest;
    },
  };
}

export function dashboard(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([DASHBOARD_TAG, 'openai'])
    // Costs and budgets follow UTC days and months; local time would split a day's spend across two bars.
    .timezone('utc')
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .version(1)
    .refresh('1m')
    .time({ from: spec.from, to: 'now' })
    .link(
      topBarLink(
        new DashboardLinkBuilder('OpenAI dashboards')
          .type(DashboardLinkType.Dashboards)
          .tags([DASHBOARD_TAG])
          .asDropdown(false)
          .includeVars(true)
          .keepTime(true),
      ),
    )
    .variables([
      datasourceVariable(),
      jobVariable(),
      instanceVariable(),
      organizationVariable(),
      ...spec.variables,
    ]);
  layout(builder, spec.sections);
  return builder.build();
}
