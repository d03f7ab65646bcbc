// Options of the spend estimate, which prices usage within minutes from the organization's bill.

import { option } from './option-spec.js';
import { boolean } from './scalar-decoders.js';

export const ESTIMATE_OPTIONS = {
  estimateEnabled: option({
    flag: 'estimate.enabled',
    env: 'OPENAI_EXPORTER_ESTIMATE_ENABLED',
    default: 'true',
    placeholder: '',
    filePath: 'estimate.enabled',
    isBoolean: true,
    description:
      'Estimate spend within minutes from the usage counters, priced from the bill grouped by line_item, else list prices (openai_cost_estimated_usd_total, openai_price_usd, openai_cost_estimate_ratio); --estimate.enabled=false to turn off.',
    decode: boolean,
  }),
} as const;
