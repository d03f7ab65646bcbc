// The metric names the exporter serves, as fixed by the Grafana task's contract. Written out by
// hand on purpose: the dashboards are generated from the catalog, so checking them against the
// catalog would prove nothing.

const COMPLETIONS_TOKENS = [
  'input',
  'output',
  'input_cached',
  'input_audio',
  'output_audio',
  'input_cache_write',
  'input_uncached',
  'input_text',
  'input_cached_text',
  'input_cached_audio',
  'input_image',
  'input_cached_image',
  'output_text',
  'output_image',
].map((kind) => `openai_completions_${kind}_tokens_total`);

export const USAGE_METRICS: readonly string[] = [
  ...COMPLETIONS_TOKENS,
  'openai_completions_requests_total',
  'openai_embeddings_input_tokens_total',
  'openai_embeddings_requests_total',
  'openai_moderations_input_tokens_total',
  'openai_moderations_requests_total',
  'openai_images_total',
  'openai_images_requests_total',
  'openai_audio_speeches_characters_total',
  'openai_audio_speeches_requests_total',
  'openai_audio_transcriptions_seconds_total',
  'openai_audio_transcriptions_requests_total',
  'openai_vector_stores_usage_bytes',
  'openai_code_interpreter_sessions_total',
  'openai_file_search_calls_requests_total',
  'openai_web_search_calls_requests_total',
  'openai_web_search_calls_model_requests_total',
  'openai_project_info',
  'openai_api_key_info',
  'openai_user_info',
];

export const COST_METRICS: readonly string[] = [
  'openai_cost_usd_total',
  'openai_cost_quantity_total',
  'openai_cost_current_day_usd',
  'openai_cost_current_month_usd',
  'openai_budget_usd',
];

/** The spend estimated from usage at unit prices learned from the bill, and its reconciliation with the bill. */
export const ESTIMATE_METRICS: readonly string[] = [
  'openai_cost_estimated_usd_total',
  'openai_cost_estimated_unpriced_total',
  'openai_price_usd',
  'openai_cost_estimate_ratio',
];

/** The organization's own limits, read from the Administration API by the limits poll. */
export const LIMIT_METRICS: readonly string[] = [
  'openai_spend_limit_usd',
  'openai_spend_limit_enforcing',
  'openai_spend_alert_threshold_usd',
  'openai_project_rate_limit_requests_per_minute',
  'openai_project_rate_limit_tokens_per_minute',
  'openai_project_rate_limit_images_per_minute',
  'openai_project_rate_limit_audio_megabytes_per_minute',
  'openai_project_rate_limit_requests_per_day',
  'openai_project_rate_limit_batch_input_tokens_per_day',
  'openai_project_peak_tokens_per_minute',
  'openai_project_peak_requests_per_minute',
  'openai_project_unmapped_peak_tokens_per_minute',
];

const SELF_METRICS: readonly string[] = [
  'openai_exporter_build_info',
  'openai_exporter_poll_success',
  'openai_exporter_last_success_timestamp_seconds',
  'openai_exporter_newest_bucket_end_timestamp_seconds',
  'openai_exporter_polls_total',
  'openai_exporter_upstream_requests_total',
  'openai_exporter_upstream_retries_total',
  'openai_exporter_upstream_rate_limited_total',
  'openai_exporter_downward_revisions_total',
  'openai_exporter_malformed_pages_total',
  'openai_exporter_series',
  'openai_exporter_folded_label_sets_total',
  'openai_exporter_counted_since_timestamp_seconds',
  'openai_exporter_state_saves_total',
  'openai_exporter_state_last_save_timestamp_seconds',
  'openai_exporter_state_recoveries_total',
  'up',
];

const HISTOGRAMS: readonly string[] = ['openai_exporter_poll_duration_seconds'];

/** prom-client's default metrics, named by prefix in the contract. */
const DEFAULT_PREFIXES: readonly string[] = ['process_', 'nodejs_'];

const EXACT = new Set([
  ...USAGE_METRICS,
  ...COST_METRICS,
  ...ESTIMATE_METRICS,
  ...LIMIT_METRICS,
  ...SELF_METRICS,
  ...HISTOGRAMS.flatMap((name) => ['_bucket', '_sum', '_count'].map((suffix) => `${name}${suffix}`)),
]);

export function isContractMetric(name: string): boolean {
  return EXACT.has(name) || DEFAULT_PREFIXES.some((prefix) => name.startsWith(prefix));
}
