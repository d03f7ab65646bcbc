// The "Spend now (estimated)" section of the spend dashboard: spend priced from the 1m usage
// buckets, which land minutes after use, while the bill lands hours late; and how far to trust it.

import type { Threshold } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Section } from './layout.js';
import { barGauge, stat, table, timeseries } from './panels.js';
import {
  BY_ORGANIZATION,
  BY_PROJECT,
  increase,
  maxBy,
  RATE_INTERVAL,
  rate,
  SECONDS_LEFT_IN_MONTH,
  selector,
  sumBy,
} from './promql.js';
import { costCounter, PROJECT_FILTER, spentThisMonth } from './spend-selectors.js';

/** The estimate's model label is the usage model, which is the model part of the line items. */
const ESTIMATE_MODEL_FILTER = 'model=~"$model"';

const ESTIMATE_NOTE =
  "Estimated: each usage counter's increments times the unit price of the bill's own line items (list prices where the bill has not priced a model yet). Usage lands minutes late, so this moves within minutes; the bill moves hours later.";
const RUN_RATE_NOTE =
  'The run rate is the estimated spend of a fixed 1h window: steadier than a few minutes, and still hours ahead of the bill.';
const PER_DAY_NOTE =
  "One bar per UTC day (1d steps): what was counted during that day. Costs come from the costs API's daily buckets, polled every 5 minutes and hours late, so the newest day's billed bar is short until it settles; the ratio panel compares settled days.";
const NO_BILL =
  'Empty where nothing was billed on the last settled day, and until the exporter has seen a settled day.';

/** Within 10% is fine; the OpenAICostEstimateOff alert fires outside that band. */
const RATIO_THRESHOLDS: readonly Threshold[] = [
  { color: 'red', value: null },
  { color: 'green', value: 0.9 },
  { color: 'red', value: 1.1 },
];

const estimated = (): string =>
  selector('openai_cost_estimated_usd_total', PROJECT_FILTER, ESTIMATE_MODEL_FILTER);

/** Estimated USD per hour over `range`. */
const perHour = (labels: readonly string[], range: string = RATE_INTERVAL): string =>
  `${sumBy(labels, rate(estimated(), range))} * 3600`;

/** Billed month-to-date plus the estimated run rate carried to the end of the UTC month. */
const projectedEndOfMonth = (): string =>
  `${sumBy([], spentThisMonth('filtered'))} + ${sumBy([], rate(estimated(), '1h'))} * scalar(${SECONDS_LEFT_IN_MONTH})`;

const ratio = (level: 'organisation' | 'project'): string =>
  level === 'organisation'
    ? selector('openai_cost_estimate_ratio', 'project_id=""')
    : selector('openai_cost_estimate_ratio', 'project_id!=""', PROJECT_FILTER);

function perDay(): ReturnType<typeof timeseries> {
  const panel = timeseries(
    {
      title: 'Estimated against billed per day',
      description: `Estimated and billed spend of the selected projects and models per UTC day. ${PER_DAY_NOTE} ${ESTIMATE_NOTE}`,
      unit: 'currencyUSD',
      width: 12,
      queries: [
        { expr: sumBy([], increase(estimated(), '1d')), legend: 'estimated' },
        { expr: sumBy([], increase(costCounter('filtered'), '1d')), legend: 'billed' },
      ],
    },
    { bars: true },
  );
  panel.panel.interval('1d');
  return panel;
}

export function estimateSection(): Section {
  return {
    title: 'Spend now (estimated)',
    panels: [
      stat({
        title: 'Estimated spend rate now (USD per hour)',
        description: `Estimated spend of the selected organisations, projects and models, in USD per hour. ${ESTIMATE_NOTE}`,
        unit: 'currencyUSD',
        width: 6,
        height: 8,
        queries: [{ expr: perHour([]), legend: 'USD per hour' }],
      }),
      stat({
        title: 'Projected month-end spend (billed + estimated run rate)',
        description: `Billed month-to-date spend plus the estimated run rate carried to the end of the UTC month, for the selected organisations, projects and models. The bill lags by hours, so the spend of those hours is in neither term. ${RUN_RATE_NOTE} ${ESTIMATE_NOTE}`,
        unit: 'currencyUSD',
        width: 6,
        height: 8,
        queries: [{ expr: projectedEndOfMonth(), legend: 'projected' }],
      }),
      barGauge({
        title: 'Estimate / billed, last settled day',
        description: `Estimated over billed spend of the last settled UTC day, for each selected organisation and project; outside 90% to 110%, the OpenAICostEstimateOff alert fires (a price changed or a line item is not mapped). Ignores the model filter. ${NO_BILL}`,
        unit: 'percentunit',
        width: 12,
        min: 0,
        max: 2,
        thresholds: RATIO_THRESHOLDS,
        queries: [
          { expr: maxBy(BY_ORGANIZATION, ratio('organisation')), legend: '{{organization}}' },
          { expr: maxBy(BY_PROJECT, ratio('project')), legend: '{{organization}} {{project_id}}' },
        ],
      }),
      timeseries(
        {
          title: 'Estimated spend per hour by project',
          description: `Estimated spend in USD per hour, stacked by project. ${ESTIMATE_NOTE}`,
          unit: 'currencyUSD',
          queries: [{ expr: perHour(BY_PROJECT), legend: '{{organization}} {{project_id}}' }],
        },
        { stacked: true },
      ),
      perDay(),
      timeseries({
        title: 'Unpriced usage',
        description: `Usage units per second that no price covers, by category, field and model: they are counted, not guessed, so the estimate misses their spend. Empty (or zero) when everything is priced. ${ESTIMATE_NOTE}`,
        unit: 'short',
        queries: [
          {
            expr: sumBy(
              ['category', 'field', 'model'],
              rate(selector('openai_cost_estimated_unpriced_total', ESTIMATE_MODEL_FILTER)),
            ),
            legend: '{{category}} {{field}} {{model}}',
          },
        ],
      }),
      table(
        {
          title: 'Prices in use',
          description:
            "The unit price the estimate uses per organisation, model and kind (input, cached input, output, batch, …), in USD per unit (token, image, character or second). Source billed: learned from the organisation's bill (amount / quantity of its line items); list: the shipped list price, used until the bill prices that model. Ignores the project filter. Empty until the first costs poll.",
          unit: 'currencyUSD',
          decimals: 8,
          queries: [
            {
              expr: maxBy(
                ['organization', 'model', 'kind', 'source'],
                selector('openai_price_usd', ESTIMATE_MODEL_FILTER),
              ),
            },
          ],
        },
        [],
        { rename: { Value: 'USD per unit' } },
      ),
    ],
  };
}
