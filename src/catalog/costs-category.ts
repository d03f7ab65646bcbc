// The costs endpoint (`GET /v1/organization/costs`): dollar amounts per UTC day, which may be
// negative (credits, refunds) and arrive as decimal strings.

import type { CategorySpec } from './category-spec.js';
import { counter, defineCategory, helpText } from './define-category.js';

const PATH = 'organization/costs';

export const COSTS_CATEGORY: CategorySpec = defineCategory('costs', {
  path: PATH,
  resultObject: 'organization.costs.result',
  metricPrefix: 'openai_cost',
  dimensions: ['project_id', 'line_item', 'api_key_id'],
  defaultGroupBy: ['project_id', 'line_item'],
  filters: ['project_ids', 'api_key_ids'],
  pageSizes: { '1d': { default: 7, max: 180 } },
  tiers: { coarse: '1d' },
  // Costs only knows `1d` and defaults to it; sending nothing keeps us valid if that ever changes.
  sendsBucketWidth: false,
  values: 'amounts',
  fields: [
    counter(
      'amount',
      'Spend in US dollars, charges only: a negative amount (a credit) counts in openai_cost_credits_usd_total instead',
      // The spec requires only `object`; the reader tolerates a missing amount (see readAmount).
      { metric: 'openai_cost_usd_total', cites: 'amount.value', sign: 'positive' },
    ),
    counter(
      'quantity',
      'Billed quantity of the line item, in the unit the upstream names in quantity_unit (tokens, images, gibibyte_hours, ...); only present when costs are grouped by line_item',
      { optional: true, unitFrom: 'quantity_unit' },
    ),
    // Added last: saved ledgers map fields by name, so older files read it as not seen yet.
    counter(
      'credits',
      'Credits in US dollars: negative amounts (credits, refunds), counted as positive numbers',
      {
        optional: true,
        metric: 'openai_cost_credits_usd_total',
        cites: 'amount.value when negative',
        source: 'amount',
        sign: 'negative',
      },
    ),
  ],
  netGauges: {
    currentDay: {
      metric: 'openai_cost_current_day_usd',
      help: helpText(
        PATH,
        "Net spend (charges minus credits) so far in today's UTC day, still growing",
        'amount.value',
      ),
    },
    currentMonth: {
      metric: 'openai_cost_current_month_usd',
      help: helpText(
        PATH,
        'Net spend (charges minus credits) so far in the current UTC month',
        'amount.value, summed over the days of the month',
      ),
    },
  },
});
