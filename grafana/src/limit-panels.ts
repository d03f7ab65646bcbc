// The limits section of the spend dashboard: spend against the hard limit OpenAI enforces and
// the spend alert thresholds set in the OpenAI dashboard, and when the limit will be reached.

import { MappingType, type Threshold, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { BUDGET_THRESHOLDS } from './budget-panels.js';
import type { Section } from './layout.js';
import { barGauge, stat, timeseries } from './panels.js';
import { BY_ORGANIZATION, BY_PROJECT, increase, maxBy, selector, sumBy } from './promql.js';
import {
  costCounter,
  DAILY_WINDOW_NOTE,
  LIMITS_NOTE,
  projectedEndOfMonth,
  spendAlertThreshold,
  spendLimit,
  spentThisMonth,
} from './spend-selectors.js';

const NO_LIMIT = 'Empty where OpenAI holds no hard spend limit (a 404 from the API means none is set).';
const NOTHING_SPENT = 'Empty too while nothing is spent: no rate, no day to reach the limit.';
const ORGANISATION_WIDE =
  'Organisation-wide: ignores the project and model filters; one set of lines per selected organisation.';
const PROJECT_WIDE = "A project's limit covers all its spend: this panel ignores the model filter.";

/** Few days left is the alarming end, unlike the shares of a budget. */
const DAYS_THRESHOLDS: readonly Threshold[] = [
  { color: 'red', value: null },
  { color: 'orange', value: 3 },
  { color: 'green', value: 7 },
];

/** Neither state is a fault: an enforcing limit refuses requests once reached, an inactive one lets spend run on. */
const ENFORCEMENT: ValueMapping = {
  type: MappingType.ValueToText,
  options: {
    '0': { text: 'not enforcing', color: 'blue', index: 0 },
    '1': { text: 'enforcing', color: 'orange', index: 1 },
  },
};

const shareOfLimit = (spend: string): string =>
  `(${spend}) / on (organization, project_id) ${maxBy(BY_PROJECT, spendLimit('project'))}`;

/** Days until month-to-date spend reaches the limit at the trailing day's rate; 0 once reached. */
function daysToReach(level: 'organisation' | 'project'): string {
  const labels = level === 'organisation' ? BY_ORGANIZATION : BY_PROJECT;
  const limit = maxBy(labels, spendLimit(level));
  const spent = sumBy(labels, spentThisMonth(level));
  const perDay = sumBy(labels, increase(costCounter(level), '1d'));
  const on = ` on (${labels.join(', ')})`;
  return `clamp_min((${limit} -${on} ${spent}) /${on} (${perDay} > 0), 0)`;
}

export function limitSection(): Section {
  return {
    title: 'Limits',
    panels: [
      timeseries({
        title: 'Hard spend limit against this month (organisation)',
        description: `Spend so far in the current UTC month, its projection to the end of the month, OpenAI's hard spend limit and each spend alert threshold as lines. ${ORGANISATION_WIDE} ${LIMITS_NOTE} ${DAILY_WINDOW_NOTE} ${NO_LIMIT}`,
        unit: 'currencyUSD',
        width: 16,
        queries: [
          {
            expr: sumBy(BY_ORGANIZATION, spentThisMonth('organisation')),
            legend: '{{organization}} spent this month',
          },
          {
            expr: projectedEndOfMonth(BY_ORGANIZATION, 'organisation'),
            legend: '{{organization}} projected at month end',
          },
          {
            expr: maxBy(BY_ORGANIZATION, spendLimit('organisation')),
            legend: '{{organization}} hard spend limit',
          },
          {
            expr: maxBy(['organization', 'alert_id'], spendAlertThreshold('organisation')),
            legend: '{{organization}} spend alert {{alert_id}}',
          },
        ],
      }),
      stat({
        title: 'Days until the hard limit (organisation)',
        description: `Days until the organisation's month-to-date spend reaches its hard spend limit at the rate of the trailing 1d window; 0 once reached. Past the days left in the month, the limit is not reached this month. ${ORGANISATION_WIDE} ${DAILY_WINDOW_NOTE} ${NO_LIMIT} ${NOTHING_SPENT}`,
        unit: 'd',
        width: 4,
        decimals: 1,
        thresholds: DAYS_THRESHOLDS,
        queries: [{ expr: daysToReach('organisation'), legend: '{{organization}}' }],
      }),
      stat({
        title: 'Hard limit enforcing (organisation)',
        description: `Whether OpenAI enforces the organisation's hard spend limit: once spend reaches an enforcing limit, API requests are refused until the month ends or the limit is raised. ${LIMITS_NOTE} ${NO_LIMIT}`,
        unit: 'none',
        width: 4,
        mappings: [ENFORCEMENT],
        queries: [
          {
            expr: maxBy(BY_ORGANIZATION, selector('openai_spend_limit_enforcing', 'project_id=""')),
            legend: '{{organization}}',
          },
        ],
      }),
      barGauge({
        title: 'Month-to-date spend against the hard limit by project',
        description: `Spend so far this month as a share of each project's hard spend limit. ${PROJECT_WIDE} ${LIMITS_NOTE} ${NO_LIMIT}`,
        unit: 'percentunit',
        width: 8,
        min: 0,
        max: 1,
        thresholds: BUDGET_THRESHOLDS,
        queries: [
          {
            expr: shareOfLimit(sumBy(BY_PROJECT, spentThisMonth('project'))),
            legend: '{{organization}} {{project_id}}',
          },
        ],
      }),
      barGauge({
        title: 'Projected month-end spend against the hard limit by project',
        description: `Each project's month-to-date spend plus its trailing 1d rate carried to the end of the UTC month, as a share of its hard spend limit: above 100%, the limit is reached before the month ends. ${PROJECT_WIDE} ${DAILY_WINDOW_NOTE} ${NO_LIMIT}`,
        unit: 'percentunit',
        width: 8,
        min: 0,
        max: 1,
        thresholds: BUDGET_THRESHOLDS,
        queries: [
          {
            expr: shareOfLimit(projectedEndOfMonth(BY_PROJECT, 'project')),
            legend: '{{organization}} {{project_id}}',
          },
        ],
      }),
      barGauge({
        title: 'Days until the hard limit by project',
        description: `Days until each project's month-to-date spend reaches its hard spend limit at the rate of the trailing 1d window; 0 once reached. ${PROJECT_WIDE} ${DAILY_WINDOW_NOTE} ${NO_LIMIT} ${NOTHING_SPENT}`,
        unit: 'd',
        width: 8,
        min: 0,
        max: 31,
        decimals: 1,
        thresholds: DAYS_THRESHOLDS,
        queries: [{ expr: `sort(${daysToReach('project')})`, legend: '{{organization}} {{project_id}}' }],
      }),
    ],
  };
}
