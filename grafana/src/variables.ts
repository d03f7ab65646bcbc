// Template variables. Every query variable reads through the `datasource` variable, so importing
// a dashboard never needs a datasource uid.

import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableHide,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE } from './panel-spec.js';

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .regex('')
    .hide(VariableHide.DontHide)
    .multi(false)
    .includeAll(false);
}

interface QueryVariableSpec {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly query: string;
  /** Extracts the value from each result, e.g. the model part of a cost line item. */
  readonly regex?: string;
  /** Multi-value with an "All" option matching every value, including an empty label. */
  readonly multiWithAll?: boolean;
}

export function queryVariable(spec: QueryVariableSpec): QueryVariableBuilder {
  const multi = spec.multiWithAll === true;
  const builder = new QueryVariableBuilder(spec.name)
    .label(spec.label)
    .description(spec.description)
    .datasource(DATASOURCE)
    .definition(spec.query)
    .query(spec.query)
    .regex(spec.regex ?? '')
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(multi)
    .includeAll(multi)
    .hide(VariableHide.DontHide);
  return multi ? builder.allValue('.*') : builder;
}

// job and instance are single-valued on purpose: two replicas of the exporter for the same
// organisation export the same spend, and summing across them would double it. One exporter may
// report several organisations, told apart by the organization label and variable.
export function jobVariable(): QueryVariableBuilder {
  return queryVariable({
    name: 'job',
    label: 'Job',
    description: 'Prometheus job scraping the exporter.',
    query: 'label_values(openai_exporter_build_info, job)',
  });
}

export function instanceVariable(): QueryVariableBuilder {
  return queryVariable({
    name: 'instance',
    label: 'Instance',
    description: 'Exporter instance; each instance reports one or several OpenAI organisations.',
    query: 'label_values(openai_exporter_build_info{job=~"$job"}, instance)',
  });
}

/** Read from a series every organization exports from its first poll on, whatever its categories. */
export const ORGANIZATION_SOURCE = 'openai_exporter_poll_success';

export function organizationVariable(): QueryVariableBuilder {
  return queryVariable({
    name: 'organization',
    label: 'Organization',
    description:
      'OpenAI organisations reported by the selected exporter (the organization label; "default" unless configured otherwise).',
    query: `label_values(${ORGANIZATION_SOURCE}{job=~"$job", instance=~"$instance"}, organization)`,
    multiWithAll: true,
  });
}
