// Template variables. Every query variable reads through the `datasource` variable, so importing
// a dashboard never needs a datasource uid.

import { DATASOURCE, type DatasourceVariable, type QueryVariable } from './model.js';

export function datasourceVariable(): DatasourceVariable {
  return {
    type: 'datasource',
    name: 'datasource',
    label: 'Data source',
    query: 'prometheus',
    regex: '',
    current: {},
    options: [],
    hide: 0,
    refresh: 1,
    multi: false,
    includeAll: false,
  };
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

export function queryVariable(spec: QueryVariableSpec): QueryVariable {
  const multi = spec.multiWithAll === true;
  return {
    type: 'query',
    name: spec.name,
    label: spec.label,
    description: spec.description,
    datasource: DATASOURCE,
    definition: spec.query,
    query: spec.query,
    regex: spec.regex ?? '',
    refresh: 2,
    sort: 1,
    multi,
    includeAll: multi,
    ...(multi ? { allValue: '.*' } : {}),
    current: {},
    options: [],
    hide: 0,
  };
}

// job and instance are single-valued on purpose: two replicas of the exporter for the same
// organisation export the same spend, and summing across them would double it.
export function jobVariable(): QueryVariable {
  return queryVariable({
    name: 'job',
    label: 'Job',
    description: 'Prometheus job scraping the exporter.',
    query: 'label_values(openai_exporter_build_info, job)',
  });
}

export function instanceVariable(): QueryVariable {
  return queryVariable({
    name: 'instance',
    label: 'Instance',
    description: 'Exporter instance; each instance reports one OpenAI organisation.',
    query: 'label_values(openai_exporter_build_info{job=~"$job"}, instance)',
  });
}
