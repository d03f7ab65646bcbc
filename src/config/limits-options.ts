// Options of the limits poller, which reads the organization's hard spend limits, spend alerts and
// per-model rate limits from the Administration API.

import { option } from './option-spec.js';
import { boolean, duration } from './scalar-decoders.js';

const MINUTE = 60_000;

export const LIMITS_OPTIONS = {
  limitsEnabled: option({
    flag: 'limits.enabled',
    env: 'OPENAI_EXPORTER_LIMITS_ENABLED',
    default: 'true',
    placeholder: '',
    filePath: 'limits.enabled',
    isBoolean: true,
    description:
      'Export the hard spend limits, spend alerts and per-model rate limits set in OpenAI (openai_spend_limit_usd, openai_spend_alert_threshold_usd, openai_project_rate_limit_*) and the rate-limit headroom; --limits.enabled=false to turn off.',
    decode: boolean,
  }),
  limitsInterval: option({
    flag: 'limits.interval',
    env: 'OPENAI_EXPORTER_LIMITS_INTERVAL',
    default: '15m',
    placeholder: '<duration>',
    filePath: 'limits.interval',
    description:
      "How often to read the spend limits, spend alerts and rate limits of the organization and of every active project the names poll lists (at least 1m); with --names.enabled=false only the organization's limits are read.",
    decode: duration({ min: MINUTE }),
  }),
} as const;
