// The budget section of the spend dashboard: actuals and projections against the configured budgets.

import type { Threshold } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Section } from './layout.js';
import { barGauge, timeseries } from './panels.js';
import { BY_ORGANIZATION, BY_PROJECT, maxBy, sumBy } from './promql.js';
import {
  COSTS_NOTE,
  DAILY_WINDOW_NOTE,
  HOURLY_WINDOW_NOTE,
  officialMonthlyBudget,
  organisationBudget,
  projectBudget,
  projectedEndOfDay,
  projectedEndOfMonth,
  spentThisMonth,
  spentToday,
} from './spend-selectors.js';

export const BUDGET_THRESHOLDS: readonly Threshold[] = [
  { color: 'green', value: null },
  { color: 'orange', value: 0.8 },
  { color: 'red', value: 1 },
];

const NO_ORGANISATION_BUDGET =
  'The budget line is empty when no organisation-wide budget is configured for this period.';
const NO_PROJECT_BUDGET =
  'Only projects with a configured budget for this period appear; the panel is empty when none is configured.';
/** Where no monthly budget is configured, the budget alerts fall back to OpenAI's own amounts; so do these panels. */
export const OFFICIAL_FALLBACK =
  'Where OpenAI holds spend alert thresholds or a hard spend limit, the lowest of them is shown too (labelled OpenAI): the monthly budget alerts use it where no monthly budget is configured. Where both exist, both are shown.';
const ORGANISATION_WIDE =
  'Organisation-wide: ignores the project and model filters; one set of lines per selected organisation.';
const PROJECT_WIDE = "A project's budget covers all its spend: this panel ignores the model filter.";

function shareOfProjectBudget(spend: string, period: 'day' | 'month'): string {
  return `(${spend}) / on (organization, project_id) ${maxBy(BY_PROJECT, projectBudget(period))}`;
}

const shareOfOfficialBudget = (spend: string): string =>
  `(${spend}) / on (organization, project_id) ${officialMonthlyBudget('project')}`;

export function budgetSection(): Section {
  return {
    title: 'Budgets',
    panels: [
      timeseries({
        title: 'Today against the daily budget (organisation)',
        description: `Spend so far in the current UTC day, its projection to midnight (today's spend plus the trailing 1h rate), and the daily budget. ${ORGANISATION_WIDE} ${HOURLY_WINDOW_NOTE} ${NO_ORGANISATION_BUDGET}`,
        unit: 'currencyUSD',
        queries: [
          {
            expr: sumBy(BY_ORGANIZATION, spentToday('organisation')),
            legend: '{{organization}} spent today',
          },
          {
            expr: projectedEndOfDay(BY_ORGANIZATION, 'organisation'),
            legend: '{{organization}} projected at midnight',
          },
          {
            expr: maxBy(BY_ORGANIZATION, organisationBudget('day')),
            legend: '{{organization}} daily budget',
          },
        ],
      }),
      timeseries({
        title: 'This month against the monthly budget (organisation)',
        description: `Spend so far in the current UTC month, its projection to the end of the month, and the monthly budget. ${OFFICIAL_FALLBACK} ${ORGANISATION_WIDE} ${DAILY_WINDOW_NOTE} ${NO_ORGANISATION_BUDGET}`,
        unit: 'currencyUSD',
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
            expr: maxBy(BY_ORGANIZATION, organisationBudget('month')),
            legend: '{{organization}} monthly budget',
          },
          {
            expr: officialMonthlyBudget('organisation'),
            legend: '{{organization}} OpenAI spend alert or limit',
          },
        ],
      }),
      barGauge({
        title: 'Daily budget used by project',
        description: `Spend so far today as a share of each project's daily budget. ${PROJECT_WIDE} ${COSTS_NOTE} ${NO_PROJECT_BUDGET}`,
        unit: 'percentunit',
        min: 0,
        max: 1,
        thresholds: BUDGET_THRESHOLDS,
        queries: [
          {
            expr: shareOfProjectBudget(sumBy(BY_PROJECT, spentToday('project')), 'day'),
            legend: '{{organization}} {{project_id}}',
          },
        ],
      }),
      barGauge({
        title: 'Projected end-of-day spend against the daily budget by project',
        description: `Each project's spend today plus its trailing 1h rate carried to UTC midnight, as a share of its daily budget. ${PROJECT_WIDE} ${HOURLY_WINDOW_NOTE} ${NO_PROJECT_BUDGET}`,
        unit: 'percentunit',
        min: 0,
        max: 1,
        thresholds: BUDGET_THRESHOLDS,
        queries: [
          {
            expr: shareOfProjectBudget(projectedEndOfDay(BY_PROJECT, 'project'), 'day'),
            legend: '{{organization}} {{project_id}}',
          },
        ],
      }),
      barGauge({
        title: 'Monthly budget used by project',
        description: `Spend so far this month as a share of each project's monthly budget. ${OFFICIAL_FALLBACK} ${PROJECT_WIDE} ${COSTS_NOTE} ${NO_PROJECT_BUDGET}`,
        unit: 'percentunit',
        min: 0,
        max: 1,
        thresholds: BUDGET_THRESHOLDS,
        queries: [
          {
            expr: shareOfProjectBudget(sumBy(BY_PROJECT, spentThisMonth('project')), 'month'),
            legend: '{{organization}} {{project_id}}',
          },
          {
            expr: shareOfOfficialBudget(sumBy(BY_PROJECT, spentThisMonth('project'))),
            legend: '{{organization}} {{project_id}} (OpenAI)',
          },
        ],
      }),
      barGauge({
        title: 'Projected month-end spend against the monthly budget by project',
        description: `Each project's month-to-date spend plus its trailing 1d rate carried to the end of the UTC month, as a share of its monthly budget. ${OFFICIAL_FALLBACK} ${PROJECT_WIDE} ${DAILY_WINDOW_NOTE} ${NO_PROJECT_BUDGET}`,
        unit: 'percentunit',
        min: 0,
        max: 1,
        thresholds: BUDGET_THRESHOLDS,
        queries: [
          {
            expr: shareOfProjectBudget(projectedEndOfMonth(BY_PROJECT, 'project'), 'month'),
            legend: '{{organization}} {{project_id}}',
          },
          {
            expr: shareOfOfficialBudget(projectedEndOfMonth(BY_PROJECT, 'project')),
            legend: '{{organization}} {{project_id}} (OpenAI)',
          },
        ],
      }),
    ],
  };
}
