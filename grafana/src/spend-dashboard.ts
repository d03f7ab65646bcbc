// The spend dashboard: what the organisation spent, on what, how fast, and against which budget.

import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { BUDGET_THRESHOLDS, budgetSection, OFFICIAL_FALLBACK } from './budget-panels.js';
import { dashboard } from './dashboard.js';
import { estimateSection } from './estimate-panels.js';
import { limitSection } from './limit-panels.js';
import { barGauge, stat, table, timeseries } from './panels.js';
import {
  BY_ORGANIZATION,
  BY_PROJECT,
  increase,
  maxBy,
  modelFromLineItem,
  SELECTED_RANGE,
  sumBy,
} from './promql.js';
import {
  COSTS_NOTE,
  costCounter,
  DAILY_WINDOW_NOTE,
  HOURLY_WINDOW_NOTE,
  officialMonthlyBudget,
  organisationBudget,
  projectedEndOfMonth,
  RANGE_NOTE,
  spentThisMonth,
  spentToday,
} from './spend-selectors.js';
import { queryVariable } from './variables.js';

const EMPTY_WITHOUT_BUDGET = 'Empty when no organisation-wide budget is configured for this period.';
const PER_ORGANISATION = 'One value per selected organisation: budgets are set per organisation.';

const hourlyBy = (labels: readonly string[]): string =>
  sumBy(labels, increase(costCounter('filtered'), '1h'));
const rangeBy = (labels: readonly string[]): string =>
  sumBy(labels, increase(costCounter('filtered'), SELECTED_RANGE));

export function spendDashboard(): Dashboard {
  return dashboard({
    uid: 'openai-spend',
    title: 'OpenAI / Spend',
    description:
      "OpenAI organisation spend from the costs API: totals, rates, breakdowns, budgets and OpenAI's own limits.",
    from: 'now-7d',
    variables: [
      queryVariable({
        name: 'project',
        label: 'Project',
        description: 'OpenAI project ids with recorded spend.',
        query:
          'label_values(openai_cost_usd_total{job=~"$job", instance=~"$instance", organization=~"$organization"}, project_id)',
        multiWithAll: true,
      }),
      queryVariable({
        name: 'model',
        label: 'Model',
        description: 'The model part of cost line items (the text before the comma).',
        query:
          'label_values(openai_cost_usd_total{job=~"$job", instance=~"$instance", organization=~"$organization", project_id=~"$project"}, line_item)',
        regex: '/^([^,]*)/',
        multiWithAll: true,
      }),
    ],
    sections: [
      {
        title: 'Overview',
        panels: [
          stat({
            title: 'Spend today (UTC)',
            description: `Spend so far in the current UTC day for the selected organisations, projects and models. ${COSTS_NOTE}`,
            unit: 'currencyUSD',
            width: 4,
            queries: [{ expr: sumBy([], spentToday('filtered')), legend: 'today' }],
          }),
          stat({
            title: 'Spend this month (UTC)',
            description: `Spend so far in the current UTC month for the selected organisations, projects and models. ${COSTS_NOTE}`,
            unit: 'currencyUSD',
            width: 4,
            queries: [{ expr: sumBy([], spentThisMonth('filtered')), legend: 'month to date' }],
          }),
          stat({
            title: 'Spend in the last hour',
            description: `Spend over the trailing hour for the selected organisations, projects and models. ${HOURLY_WINDOW_NOTE}`,
            unit: 'currencyUSD',
            width: 4,
            queries: [{ expr: hourlyBy([]), legend: 'last hour' }],
          }),
          stat({
            title: 'Projected month-end spend',
            description: `Month-to-date spend plus the trailing 1d rate carried to the end of the UTC month, for the selected organisations, projects and models. ${DAILY_WINDOW_NOTE}`,
            unit: 'currencyUSD',
            width: 4,
            queries: [{ expr: projectedEndOfMonth([], 'filtered'), legend: 'projected' }],
          }),
          stat({
            title: 'Daily budget used (organisation)',
            description: `Organisation spend today as a share of the organisation daily budget; ignores the project and model filters. ${PER_ORGANISATION} ${COSTS_NOTE} ${EMPTY_WITHOUT_BUDGET}`,
            unit: 'percentunit',
            width: 4,
            thresholds: BUDGET_THRESHOLDS,
            queries: [
              {
                expr: `${sumBy(BY_ORGANIZATION, spentToday('organisation'))} / on (organization) ${maxBy(BY_ORGANIZATION, organisationBudget('day'))}`,
                legend: '{{organization}}',
              },
            ],
          }),
          stat({
            title: 'Monthly budget used (organisation)',
            description: `Organisation spend this month as a share of the organisation monthly budget; ignores the project and model filters. ${PER_ORGANISATION} ${OFFICIAL_FALLBACK} ${COSTS_NOTE} ${EMPTY_WITHOUT_BUDGET}`,
            unit: 'percentunit',
            width: 4,
            thresholds: BUDGET_THRESHOLDS,
            queries: [
              {
                expr: `${sumBy(BY_ORGANIZATION, spentThisMonth('organisation'))} / on (organization) ${maxBy(BY_ORGANIZATION, organisationBudget('month'))}`,
                legend: '{{organization}}',
              },
              {
                expr: `${sumBy(BY_ORGANIZATION, spentThisMonth('organisation'))} / on (organization) ${officialMonthlyBudget('organisation')}`,
                legend: '{{organization}} (OpenAI)',
              },
            ],
          }),
        ],
      },
      estimateSection(),
      {
        title: 'Spend over time',
        panels: [
          timeseries({
            title: 'Spend per hour by organisation',
            description: `Spend of the selected projects and models over the trailing hour at each point, one line per selected organisation. ${HOURLY_WINDOW_NOTE}`,
            unit: 'currencyUSD',
            queries: [{ expr: hourlyBy(BY_ORGANIZATION), legend: '{{organization}}' }],
          }),
          timeseries(
            {
              title: 'Spend per hour by project',
              description: `Spend over the trailing hour, stacked by project. ${HOURLY_WINDOW_NOTE}`,
              unit: 'currencyUSD',
              queries: [{ expr: hourlyBy(BY_PROJECT), legend: '{{organization}} {{project_id}}' }],
            },
            { stacked: true },
          ),
          timeseries(
            {
              title: 'Spend per hour by model',
              description: `Spend over the trailing hour, stacked by model (the part of the cost line item before the comma). ${HOURLY_WINDOW_NOTE}`,
              unit: 'currencyUSD',
              width: 24,
              queries: [
                {
                  expr: sumBy(['model'], modelFromLineItem(increase(costCounter('filtered'), '1h'))),
                  legend: '{{model}}',
                },
              ],
            },
            { stacked: true },
          ),
        ],
      },
      {
        title: 'Breakdown over the selected time range',
        panels: [
          barGauge({
            title: 'Spend by project',
            description: `${RANGE_NOTE} Projects ranked by spend. ${COSTS_NOTE}`,
            unit: 'currencyUSD',
            queries: [
              { expr: `sort_desc(${rangeBy(BY_PROJECT)})`, legend: '{{organization}} {{project_id}}' },
            ],
          }),
          barGauge({
            title: 'Top models by spend',
            description: `${RANGE_NOTE} The ten models with the most spend; the model is the part of the cost line item before the comma. ${COSTS_NOTE}`,
            unit: 'currencyUSD',
            queries: [
              {
                expr: `topk(10, ${sumBy(['model'], modelFromLineItem(increase(costCounter('filtered'), SELECTED_RANGE)))})`,
                legend: '{{model}}',
              },
            ],
          }),
          barGauge({
            title: 'Top line items by spend',
            description: `${RANGE_NOTE} The twenty cost line items with the most spend. ${COSTS_NOTE}`,
            unit: 'currencyUSD',
            queries: [{ expr: `topk(20, ${rangeBy(['line_item'])})`, legend: '{{line_item}}' }],
            height: 10,
          }),
          table(
            {
              title: 'Spend by project and line item',
              description: `${RANGE_NOTE} One row per project and cost line item, largest first. ${COSTS_NOTE}`,
              unit: 'currencyUSD',
              queries: [{ expr: `sort_desc(${rangeBy([...BY_PROJECT, 'line_item'])})` }],
              height: 10,
              decimals: 2,
            },
            [],
          ),
        ],
      },
      budgetSection(),
      limitSection(),
    ],
  });
}
