// The limits metric families: names, labels and HELP (which names the upstream field each value
// comes from). Existing names are a contract; dashboards and rules read them.

import { ORGANIZATION_LABEL } from './text-format.js';

const SPEND_LIMIT =
  'GET /v1/organization/spend_limit (project_id="") and /v1/organization/projects/{project_id}/spend_limit';
const ALERTS =
  'GET /v1/organization/spend_alerts (project_id="") and /v1/organization/projects/{project_id}/spend_alerts';
const RATE_LIMITS = 'GET /v1/organization/projects/{project_id}/rate_limits';
const ONLY_WHERE = '; only for models the API gives the field for';

export interface LimitsFamily {
  readonly metric: string;
  readonly labels: readonly string[];
  readonly help: string;
}

export const SPEND_LIMIT_METRICS = {
  limit: {
    metric: 'openai_spend_limit_usd',
    labels: [ORGANIZATION_LABEL, 'project_id'],
    help: `Hard monthly spend limit in USD: threshold_amount (cents) / 100 from ${SPEND_LIMIT}. No series where no limit is set.`,
  },
  enforcing: {
    metric: 'openai_spend_limit_enforcing',
    labels: [ORGANIZATION_LABEL, 'project_id'],
    help: `1 while enforcement.status of the hard spend limit is "enforcing", else 0; from ${SPEND_LIMIT}.`,
  },
  alert: {
    metric: 'openai_spend_alert_threshold_usd',
    labels: [ORGANIZATION_LABEL, 'project_id', 'alert_id'],
    help: `Monthly spend alert threshold in USD: threshold_amount (cents) / 100 from ${ALERTS}.`,
  },
} as const satisfies Record<string, LimitsFamily>;

/** One family per rate-limit field, in the order of the spec's ProjectRateLimit. */
export const RATE_LIMIT_METRICS = [
  {
    key: 'maxRequestsPerMinute',
    metric: 'openai_project_rate_limit_requests_per_minute',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Requests per minute the project may send to the model: max_requests_per_1_minute from ${RATE_LIMITS}.`,
  },
  {
    key: 'maxTokensPerMinute',
    metric: 'openai_project_rate_limit_tokens_per_minute',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Tokens per minute the project may use of the model: max_tokens_per_1_minute from ${RATE_LIMITS}.`,
  },
  {
    key: 'maxImagesPerMinute',
    metric: 'openai_project_rate_limit_images_per_minute',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Images per minute: max_images_per_1_minute from ${RATE_LIMITS}${ONLY_WHERE}.`,
  },
  {
    key: 'maxAudioMegabytesPerMinute',
    metric: 'openai_project_rate_limit_audio_megabytes_per_minute',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Audio megabytes per minute: max_audio_megabytes_per_1_minute from ${RATE_LIMITS}${ONLY_WHERE}.`,
  },
  {
    key: 'maxRequestsPerDay',
    metric: 'openai_project_rate_limit_requests_per_day',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Requests per day: max_requests_per_1_day from ${RATE_LIMITS}${ONLY_WHERE}.`,
  },
  {
    key: 'batchInputTokensPerDay',
    metric: 'openai_project_rate_limit_batch_input_tokens_per_day',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Batch input tokens per day: batch_1_day_max_input_tokens from ${RATE_LIMITS}${ONLY_WHERE}.`,
  },
] as const;

const PEAK_WINDOW =
  'in the trailing 1m usage window (usage arrives minutes late: this shows sustained pressure, not a single burst)';

export const PEAK_METRICS = {
  tokens: {
    metric: 'openai_project_peak_tokens_per_minute',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Largest per-minute token total of the project on a rate-limit model ${PEAK_WINDOW}; usage models map onto the longest rate-limit model name that prefixes them. Compare with openai_project_rate_limit_tokens_per_minute.`,
  },
  requests: {
    metric: 'openai_project_peak_requests_per_minute',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Largest per-minute request count of the project on a rate-limit model ${PEAK_WINDOW}. Compare with openai_project_rate_limit_requests_per_minute.`,
  },
  unmappedTokens: {
    metric: 'openai_project_unmapped_peak_tokens_per_minute',
    labels: [ORGANIZATION_LABEL, 'project_id', 'model'],
    help: `Largest per-minute token total ${PEAK_WINDOW} of usage models (model label) that no rate-limit model name of the project prefixes.`,
  },
} as const satisfies Record<string, LimitsFamily>;

/** Every limits family, for the docs and the tests. */
export const LIMITS_FAMILIES: readonly LimitsFamily[] = [
  ...Object.values(SPEND_LIMIT_METRICS),
  ...RATE_LIMIT_METRICS,
  ...Object.values(PEAK_METRICS),
];
