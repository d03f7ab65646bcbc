// Selectors and shared wording for the usage panels.

import { CATEGORIES, USAGE_CATEGORY_IDS } from '../../src/catalog/categories.js';
import { rate, selector, sumBy } from './promql.js';

export const USAGE_NOTE =
  'Usage lands minutes late and the exporter polls every 60 s, so the newest few minutes are incomplete and fill in later; rates use windows of at least 5 minutes.';

/** Applies the project and model variables. */
export const usage = (metric: string): string =>
  selector(metric, 'project_id=~"$project"', 'model=~"$model"');
/** For categories without a model dimension (vector stores, code interpreter sessions). */
export const usageWithoutModel = (metric: string): string => selector(metric, 'project_id=~"$project"');

export const rateBy = (labels: readonly string[], metric: string): string =>
  sumBy(labels, rate(usage(metric)));

function metricsOf(ids: readonly string[]): string[] {
  return USAGE_CATEGORY_IDS.filter((id) => ids.includes(id)).map((id) => {
    const first = CATEGORIES[id].fields[0];
    if (first === undefined) throw new Error(`category ${id} has no fields`);
    return first.metric;
  });
}

const MODEL_CATEGORIES = USAGE_CATEGORY_IDS.filter((id) => CATEGORIES[id].defaultGroupBy.includes('model'));

/** One required metric per usage category: a project appears as soon as it used anything. */
export const ANY_USAGE = `{__name__=~"${metricsOf(USAGE_CATEGORY_IDS).join('|')}", job=~"$job", instance=~"$instance", organization=~"$organization"}`;
/** One required metric per usage category that has a model dimension. */
export const ANY_MODEL_USAGE = `{__name__=~"${metricsOf(MODEL_CATEGORIES).join('|')}", job=~"$job", instance=~"$instance", organization=~"$organization", project_id=~"$project"}`;

/** Per usage category with a request count: [category id, requests metric]. */
export const REQUEST_METRICS: readonly (readonly [string, string])[] = USAGE_CATEGORY_IDS.flatMap((id) =>
  CATEGORIES[id].fields
    .filter((field) => field.metric.endsWith('_requests_total'))
    .map((field) => [id, field.metric] as const),
);
