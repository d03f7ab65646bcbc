// PromQL fragments shared by the dashboards. Queries stay plain strings in `targets[].expr`
// so they can be extracted from the JSON and evaluated elsewhere.

/** Grafana widens this to cover at least four scrapes; the panels' 5m minimum interval sets its floor. */
export const RATE_INTERVAL = '$__rate_interval';
/** The dashboard's whole time range, for "total over the selected time range" panels. */
export const SELECTED_RANGE = '$__range';
/** Usage lands minutes late and is polled every 60 s: shorter windows only show polling noise. */
export const MIN_INTERVAL = '5m';

/** The scrape target: the selected exporter, whichever organizations it reports. */
const TARGET_SCOPE: readonly string[] = ['job=~"$job"', 'instance=~"$instance"'];
/** Every product series and per-organization self-metric carries the organization label. */
export const ORGANIZATION_FILTER = 'organization=~"$organization"';
/** Every selector carries these, so one Grafana can show several exporters and organizations side by side. */
const SCOPE: readonly string[] = [...TARGET_SCOPE, ORGANIZATION_FILTER];

export function selector(metric: string, ...matchers: readonly string[]): string {
  return `${metric}{${[...SCOPE, ...matchers].join(', ')}}`;
}

/**
 * For the series of the scrape target as a whole (up, the build info, process metrics): they have
 * no organization label, so filtering them by organization would empty them.
 */
export function targetSelector(metric: string): string {
  return `${metric}{${TARGET_SCOPE.join(', ')}}`;
}

/** Kept by organization-wide aggregations: two organizations' budgets and limits never mix. */
export const BY_ORGANIZATION: readonly string[] = ['organization'];
/** Kept by per-project aggregations: a project belongs to one organization. */
export const BY_PROJECT: readonly string[] = ['organization', 'project_id'];

export function rate(series: string, range: string = RATE_INTERVAL): string {
  return `rate(${series}[${range}])`;
}

export function increase(series: string, range: string): string {
  return `increase(${series}[${range}])`;
}

function aggregateBy(operator: string, labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `${operator}(${expr})` : `${operator} by (${labels.join(', ')}) (${expr})`;
}

export const sumBy = (labels: readonly string[], expr: string): string => aggregateBy('sum', labels, expr);
/** For amounts two replicas of one exporter both export, such as budgets and limits: never summed. */
export const maxBy = (labels: readonly string[], expr: string): string => aggregateBy('max', labels, expr);

/** Cost line items read "<model>, <kind>"; items without a comma (e.g. "Image models") keep their whole text. */
export function modelFromLineItem(expr: string): string {
  return `label_replace(${expr}, "model", "$1", "line_item", "([^,]*).*")`;
}

/** Seconds from the evaluation time to the next first-of-month UTC midnight. */
export const SECONDS_LEFT_IN_MONTH = '((days_in_month() - day_of_month() + 1) * 86400 - time() % 86400)';
/** Seconds from the evaluation time to the next UTC midnight. */
export const SECONDS_LEFT_IN_DAY = '(86400 - time() % 86400)';
