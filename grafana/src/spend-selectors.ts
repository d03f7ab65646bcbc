// Selectors and shared wording for the cost metrics, used by the spend and budget panels.

import { increase, SECONDS_LEFT_IN_DAY, SECONDS_LEFT_IN_MONTH, selector, sumBy } from './promql.js';

export const PROJECT_FILTER = 'project_id=~"$project"';
/** The model variable holds the part of line_item before the comma; match it with or without the rest. */
export const MODEL_FILTER = 'line_item=~"($model)(,.*)?"';

export const COSTS_NOTE =
  "Costs come from the costs API's daily buckets, polled every 5 minutes, so they move in steps and lag real usage.";
export const HOURLY_WINDOW_NOTE =
  'Hourly spend is the increase over a fixed 1h window: costs come from daily buckets polled every 5 minutes, so shorter windows would only show the polling steps.';
export const DAILY_WINDOW_NOTE =
  'The month-end projection carries the spend of the trailing 1d window forward: costs come from daily buckets polled every 5 minutes, and a whole day evens out the daily cycle.';
export const RANGE_NOTE = 'Totals over the selected time range.';

export type Scope = 'filtered' | 'organisation' | 'project';

/** `filtered` applies the project and model variables; `organisation` ignores both; `project` only the project. */
function matchers(scope: Scope): string[] {
  if (scope === 'filtered') return [PROJECT_FILTER, MODEL_FILTER];
  if (scope === 'project') return [PROJECT_FILTER];
  return [];
}

export const costCounter = (scope: Scope): string => selector('openai_cost_usd_total', ...matchers(scope));
export const spentToday = (scope: Scope): string =>
  selector('openai_cost_current_day_usd', ...matchers(scope));
export const spentThisMonth = (scope: Scope): string =>
  selector('openai_cost_current_month_usd', ...matchers(scope));

export const organisationBudget = (period: 'day' | 'month'): string =>
  selector('openai_budget_usd', `period="${period}"`, 'project_id=""');
export const projectBudget = (period: 'day' | 'month'): string =>
  selector('openai_budget_usd', `period="${period}"`, 'project_id!=""', PROJECT_FILTER);

/** Spend so far today plus the trailing hour's rate carried to UTC midnight. */
export function projectedEndOfDay(labels: readonly string[], scope: Scope): string {
  const spent = sumBy(labels, spentToday(scope));
  const lastHour = sumBy(labels, increase(costCounter(scope), '1h'));
  return `${spent} + ${lastHour} / 3600 * ${SECONDS_LEFT_IN_DAY}`;
}

/** Spend so far this month plus the trailing day's rate carried to the end of the UTC month. */
export function projectedEndOfMonth(labels: readonly string[], scope: Scope): string {
  const spent = sumBy(labels, spentThisMonth(scope));
  const lastDay = sumBy(labels, increase(costCounter(scope), '1d'));
  return `${spent} + ${lastDay} / 86400 * scalar(${SECONDS_LEFT_IN_MONTH})`;
}

/** OpenAI's own hard spend limit, read from the Administration API; the organization's has `project_id=""`. */
export const spendLimit = (level: 'organisation' | 'project'): string =>
  level === 'organisation'
    ? selector('openai_spend_limit_usd', 'project_id=""')
    : selector('openai_spend_limit_usd', 'project_id!=""', PROJECT_FILTER);
export const spendAlertThreshold = (level: 'organisation' | 'project'): string =>
  level === 'organisation'
    ? selector('openai_spend_alert_threshold_usd', 'project_id=""')
    : selector('openai_spend_alert_threshold_usd', 'project_id!=""', PROJECT_FILTER);

/**
 * What stands in for a monthly budget where none is configured, as in the alerting rules: the
 * lowest of the spend alert thresholds and the hard spend limit.
 */
export const officialMonthlyBudget = (level: 'organisation' | 'project'): string =>
  level === 'organisation'
    ? `min by (organization) (${spendAlertThreshold(level)} or ${spendLimit(level)})`
    : `min by (organization, project_id) (${spendAlertThreshold(level)} or ${spendLimit(level)})`;

export const LIMITS_NOTE =
  "The limits come from OpenAI's Administration API (the hard spend limit and the spend alert thresholds set in the OpenAI dashboard), read by the exporter's limits poll every 15 minutes by default.";
