// The estimated spend families: names, labels and HELP. Existing names are a contract; the rules
// and dashboards read them.

import { ORGANIZATION_LABEL } from './text-format.js';

export interface EstimateFamily {
  readonly metric: string;
  readonly type: 'counter' | 'gauge';
  readonly labels: readonly string[];
  readonly help: string;
}

export const ESTIMATE_METRICS = {
  spend: {
    metric: 'openai_cost_estimated_usd_total',
    type: 'counter',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: 'Estimated spend in USD within minutes: the usage counters’ increments × the unit price in use (openai_price_usd), learned from the costs grouped by line_item, else the shipped list price. The bill (openai_cost_usd_total) stays authoritative.',
  },
  unpriced: {
    metric: 'openai_cost_estimated_unpriced_total',
    type: 'counter',
    labels: [ORGANIZATION_LABEL, 'category', 'field', 'model'],
    help: 'Usage units the estimate could not price (no line item of the bill maps to them, no list price, or the series limit folded them into __other__): counted, never guessed.',
  },
  price: {
    metric: 'openai_price_usd',
    type: 'gauge',
    labels: [ORGANIZATION_LABEL, 'model', 'kind', 'source'],
    help: 'USD per unit (token, image, character, second, call) the estimate prices with, for the organization; source="billed" when learned from the organization’s bill (amount / quantity per line item), "list" from the shipped list prices. A project billed for the line item is priced at its own learned price, which may differ (its own mix of service tiers). Shown while the model’s usage is priced: gone a day after its last use, or when neither bill nor list prices it.',
  },
  ratio: {
    metric: 'openai_cost_estimate_ratio',
    type: 'gauge',
    labels: [ORGANIZATION_LABEL, 'project_id'],
    help: 'Estimated / billed spend for the last settled UTC day (project_id="" for the organization); no series when nothing was billed. Far from 1 means prices changed or a line item is not mapped.',
  },
  unmapped: {
    metric: 'openai_exporter_estimate_unmapped_line_items',
    type: 'gauge',
    labels: [ORGANIZATION_LABEL],
    help: 'Line items of the bill no price was learned from (no usage counter maps to them, or an unexpected quantity unit); they are named once in the log.',
  },
} as const satisfies Record<string, EstimateFamily>;

export const ESTIMATE_FAMILIES: readonly EstimateFamily[] = Object.values(ESTIMATE_METRICS);
