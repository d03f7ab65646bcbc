// PromQL fragments shared by the dashboards. Queries stay plain strings in `targets[].expr`
// so they can be extracted from the JSON and evaluated elsewhere.

/** Grafana widens this to cover at least four scrapes; the panels' 5m minimum interval sets its floor. */
export const RATE_INTERVAL = '$__rate_interval';
/** The dashboard's whole time range, for "total over the selected time range" panels. */
export const SELECTED_RANGE = '$__range';
/** Usage lands minutes late and is polled every 60 s: shorter windows only show polling noise. */
export const MIN_INTERVAL = '5m';

/** Every selector carries these, so one Grafana can show several exporters side by side. */
const SCOPE: readonly string[] = ['job=~"$job"', 'instance=~"$instance"'];

export function selector(metric: string, ...matchers: readonly string[]): string {
  return `${metric}{${[...SCOPE, ...matchers].join(', ')}}`;
}

export function rate(series: string, range: string = RATE_INTERVAL): string {
  return `rate(${series}[${range}])`;
}

export function increase(series: string, range: string): string {
  return `increase(${series}[${range}])`;
}

export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`;
}

/** Cost line items read "<model>, <kind>"; items without a comma (e.g. "Image models") keep their whole text. */
export function modelFromLineItem(expr: string): string {
  return `label_replace(${expr}, "model", "$1", "line_item", "([^,]*).*")`;
}

/** Seconds from the evaluation time to the next first-of-month UTC midnight. */
export const SECONDS_LEFT_IN_MONTH = '((days_in_month() - day_of_month() + 1) * 86400 - time() % 86400)';
/** Seconds from the evaluation time to the next UTC midnight. */
export const SECONDS_LEFT_IN_DAY = '(86400 - time() % 86400)';
