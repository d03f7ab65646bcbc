// The single description of what the upstream serves and what we export from it.
// The simulator, the client, the ledger, the exposition and the docs all read this table,
// so a field added here shows up everywhere at once.

export const USAGE_CATEGORY_IDS = [
  'completions',
  'embeddings',
  'moderations',
  'images',
  'audio_speeches',
  'audio_transcriptions',
  'vector_stores',
  'code_interpreter_sessions',
  'file_search_calls',
  'web_search_calls',
] as const;

export type UsageCategoryId = (typeof USAGE_CATEGORY_IDS)[number];
export type CategoryId = UsageCategoryId | 'costs';
export const CATEGORY_IDS: readonly CategoryId[] = [...USAGE_CATEGORY_IDS, 'costs'];

export type BucketWidth = '1m' | '1h' | '1d';
export const BUCKET_WIDTH_SECONDS: Readonly<Record<BucketWidth, number>> = {
  '1m': 60,
  '1h': 3600,
  '1d': 86400,
};

export type Dimension =
  | 'project_id'
  | 'user_id'
  | 'api_key_id'
  | 'model'
  | 'batch'
  | 'service_tier'
  | 'size'
  | 'source'
  | 'line_item'
  | 'vector_store_id'
  | 'context_level';

/** An upstream query filter. `batch` is the only scalar (boolean) one. */
export type FilterName =
  | 'project_ids'
  | 'user_ids'
  | 'api_key_ids'
  | 'models'
  | 'batch'
  | 'sources'
  | 'sizes'
  | 'vector_store_ids'
  | 'context_levels';

export interface FieldSpec {
  /** Field name in the upstream result object (for costs: `amount`, read from `amount.value`, and `quantity`). */
  readonly field: string;
  /** Exported metric family name. */
  readonly metric: string;
  /** Counters accumulate bucket totals; gauges show the newest bucket's level. */
  readonly kind: 'counter' | 'gauge';
  /** Listed in the result schema's `required`; a missing required field makes the page malformed. */
  readonly required: boolean;
  readonly help: string;
  /** Upstream field the value is read from, when it is not `field` (a field derived from another). */
  readonly source?: string;
  /**
   * Keep only one signed part of the upstream value, so a counter never sees a negative number:
   * `positive` is max(v, 0), `negative` is max(-v, 0). Cost gauges show the positive parts minus
   * the negative ones (net spend).
   */
  readonly sign?: 'positive' | 'negative';
  /**
   * Upstream string field naming the unit of this value per result. It becomes a `unit` label on
   * this field's samples only (not a grouping dimension): values of different units never add up.
   */
  readonly unitFrom?: string;
}

export interface CategorySpec {
  readonly id: CategoryId;
  /** Path below the base URL, e.g. `organization/usage/completions`. */
  readonly path: string;
  /** The `object` string of each result. */
  readonly resultObject: string;
  readonly dimensions: readonly Dimension[];
  readonly defaultGroupBy: readonly Dimension[];
  readonly filters: readonly FilterName[];
  readonly widths: readonly BucketWidth[];
  readonly fields: readonly FieldSpec[];
}

const usageEndpoint = (id: string) => `GET /v1/organization/usage/${id}`;

function field(
  category: string,
  upstreamField: string,
  metric: string,
  kind: FieldSpec['kind'],
  required: boolean,
  meaning: string,
): FieldSpec {
  return {
    field: upstreamField,
    metric,
    kind,
    required,
    help: `${meaning} (${usageEndpoint(category)}, field ${upstreamField}).`,
  };
}

const MODEL_DIMENSIONS: readonly Dimension[] = ['project_id', 'user_id', 'api_key_id', 'model'];
const MODEL_FILTERS: readonly FilterName[] = ['project_ids', 'user_ids', 'api_key_ids', 'models'];
const USAGE_WIDTHS: readonly BucketWidth[] = ['1m', '1h', '1d'];

function requestsField(category: string, metricPrefix: string): FieldSpec {
  return field(
    category,
    'num_model_requests',
    `${metricPrefix}_requests_total`,
    'counter',
    true,
    'Model requests',
  );
}

const completionsToken = (upstreamField: string, required: boolean, meaning: string): FieldSpec =>
  field(
    'completions',
    upstreamField,
    `openai_completions_${upstreamField}_total`,
    'counter',
    required,
    meaning,
  );

export const CATEGORIES: Readonly<Record<CategoryId, CategorySpec>> = {
  completions: {
    id: 'completions',
    path: 'organization/usage/completions',
    resultObject: 'organization.usage.completions.result',
    dimensions: ['project_id', 'user_id', 'api_key_id', 'model', 'batch', 'service_tier'],
    defaultGroupBy: ['project_id', 'model', 'batch'],
    filters: ['project_ids', 'user_ids', 'api_key_ids', 'models', 'batch'],
    widths: USAGE_WIDTHS,
    fields: [
      completionsToken('input_tokens', true, 'Input tokens, including cached and cache-write tokens'),
      completionsToken('output_tokens', true, 'Output tokens'),
      completionsToken('input_cached_tokens', false, 'Cached input tokens'),
      completionsToken('input_audio_tokens', false, 'Uncached audio input tokens'),
      completionsToken('output_audio_tokens', false, 'Audio output tokens'),
      completionsToken('input_cache_write_tokens', false, 'Input tokens written to the prompt cache'),
      completionsToken('input_uncached_tokens', false, 'Uncached input tokens, excluding cache writes'),
      completionsToken('input_text_tokens', false, 'Uncached text input tokens'),
      completionsToken('input_cached_text_tokens', false, 'Cached text input tokens'),
      completionsToken('input_cached_audio_tokens', false, 'Cached audio input tokens'),
      completionsToken('input_image_tokens', false, 'Uncached image input tokens'),
      completionsToken('input_cached_image_tokens', false, 'Cached image input tokens'),
      completionsToken('output_text_tokens', false, 'Text output tokens'),
      completionsToken('output_image_tokens', false, 'Image output tokens'),
      requestsField('completions', 'openai_completions'),
    ],
  },
  embeddings: {
    id: 'embeddings',
    path: 'organization/usage/embeddings',
    resultObject: 'organization.usage.embeddings.result',
    dimensions: MODEL_DIMENSIONS,
    defaultGroupBy: ['project_id', 'model'],
    filters: MODEL_FILTERS,
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'embeddings',
        'input_tokens',
        'openai_embeddings_input_tokens_total',
        'counter',
        true,
        'Input tokens',
      ),
      requestsField('embeddings', 'openai_embeddings'),
    ],
  },
  moderations: {
    id: 'moderations',
    path: 'organization/usage/moderations',
    resultObject: 'organization.usage.moderations.result',
    dimensions: MODEL_DIMENSIONS,
    defaultGroupBy: ['project_id', 'model'],
    filters: MODEL_FILTERS,
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'moderations',
        'input_tokens',
        'openai_moderations_input_tokens_total',
        'counter',
        true,
        'Input tokens',
      ),
      requestsField('moderations', 'openai_moderations'),
    ],
  },
  images: {
    id: 'images',
    path: 'organization/usage/images',
    resultObject: 'organization.usage.images.result',
    dimensions: ['project_id', 'user_id', 'api_key_id', 'model', 'size', 'source'],
    defaultGroupBy: ['project_id', 'model', 'source', 'size'],
    filters: ['project_ids', 'user_ids', 'api_key_ids', 'models', 'sources', 'sizes'],
    widths: USAGE_WIDTHS,
    fields: [
      field('images', 'images', 'openai_images_total', 'counter', true, 'Images processed'),
      requestsField('images', 'openai_images'),
    ],
  },
  audio_speeches: {
    id: 'audio_speeches',
    path: 'organization/usage/audio_speeches',
    resultObject: 'organization.usage.audio_speeches.result',
    dimensions: MODEL_DIMENSIONS,
    defaultGroupBy: ['project_id', 'model'],
    filters: MODEL_FILTERS,
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'audio_speeches',
        'characters',
        'openai_audio_speeches_characters_total',
        'counter',
        true,
        'Characters synthesised',
      ),
      requestsField('audio_speeches', 'openai_audio_speeches'),
    ],
  },
  audio_transcriptions: {
    id: 'audio_transcriptions',
    path: 'organization/usage/audio_transcriptions',
    resultObject: 'organization.usage.audio_transcriptions.result',
    dimensions: MODEL_DIMENSIONS,
    defaultGroupBy: ['project_id', 'model'],
    filters: MODEL_FILTERS,
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'audio_transcriptions',
        'seconds',
        'openai_audio_transcriptions_seconds_total',
        'counter',
        true,
        'Seconds of audio transcribed',
      ),
      requestsField('audio_transcriptions', 'openai_audio_transcriptions'),
    ],
  },
  vector_stores: {
    id: 'vector_stores',
    path: 'organization/usage/vector_stores',
    resultObject: 'organization.usage.vector_stores.result',
    dimensions: ['project_id'],
    defaultGroupBy: ['project_id'],
    filters: ['project_ids'],
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'vector_stores',
        'usage_bytes',
        'openai_vector_stores_usage_bytes',
        'gauge',
        true,
        'Vector store storage in the newest bucket',
      ),
    ],
  },
  code_interpreter_sessions: {
    id: 'code_interpreter_sessions',
    path: 'organization/usage/code_interpreter_sessions',
    resultObject: 'organization.usage.code_interpreter_sessions.result',
    dimensions: ['project_id'],
    defaultGroupBy: ['project_id'],
    filters: ['project_ids'],
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'code_interpreter_sessions',
        'num_sessions',
        'openai_code_interpreter_sessions_total',
        'counter',
        true,
        'Code interpreter sessions',
      ),
    ],
  },
  file_search_calls: {
    id: 'file_search_calls',
    path: 'organization/usage/file_search_calls',
    // The object names do not follow the path names (`file_searches`, not `file_search_calls`).
    resultObject: 'organization.usage.file_searches.result',
    dimensions: ['project_id', 'user_id', 'api_key_id', 'vector_store_id'],
    defaultGroupBy: ['project_id', 'vector_store_id'],
    filters: ['project_ids', 'user_ids', 'api_key_ids', 'vector_store_ids'],
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'file_search_calls',
        'num_requests',
        'openai_file_search_calls_requests_total',
        'counter',
        true,
        'File search tool calls',
      ),
    ],
  },
  web_search_calls: {
    id: 'web_search_calls',
    path: 'organization/usage/web_search_calls',
    resultObject: 'organization.usage.web_searches.result',
    dimensions: ['project_id', 'user_id', 'api_key_id', 'model', 'context_level'],
    // The context level sets the price of a call, so it is worth a label by default.
    defaultGroupBy: ['project_id', 'model', 'context_level'],
    filters: ['project_ids', 'user_ids', 'api_key_ids', 'models', 'context_levels'],
    widths: USAGE_WIDTHS,
    fields: [
      field(
        'web_search_calls',
        'num_requests',
        'openai_web_search_calls_requests_total',
        'counter',
        true,
        'Web search tool calls',
      ),
      field(
        'web_search_calls',
        'num_model_requests',
        'openai_web_search_calls_model_requests_total',
        'counter',
        true,
        'Model requests that called web search',
      ),
    ],
  },
  costs: {
    id: 'costs',
    path: 'organization/costs',
    resultObject: 'organization.costs.result',
    dimensions: ['project_id', 'line_item', 'api_key_id'],
    defaultGroupBy: ['project_id', 'line_item'],
    filters: ['project_ids', 'api_key_ids'],
    widths: ['1d'],
    fields: [
      {
        field: 'amount',
        metric: 'openai_cost_usd_total',
        kind: 'counter',
        // The spec requires only `object`; the reader tolerates a missing amount (see readCosts).
        required: true,
        sign: 'positive',
        help: 'Spend in US dollars, charges only: a negative amount (a credit) counts in openai_cost_credits_usd_total instead (GET /v1/organization/costs, field amount.value).',
      },
      {
        field: 'quantity',
        metric: 'openai_cost_quantity_total',
        kind: 'counter',
        required: false,
        unitFrom: 'quantity_unit',
        help: 'Billed quantity of the line item, in the unit the upstream names in quantity_unit (tokens, images, gibibyte_hours, ...); only present when costs are grouped by line_item (GET /v1/organization/costs, field quantity).',
      },
      // Added last: saved ledgers map fields by name, so older files read it as not seen yet.
      {
        field: 'credits',
        source: 'amount',
        metric: 'openai_cost_credits_usd_total',
        kind: 'counter',
        required: false,
        sign: 'negative',
        help: 'Credits in US dollars: negative amounts (credits, refunds), counted as positive numbers (GET /v1/organization/costs, field amount.value when negative).',
      },
    ],
  },
};

/** Cost gauges derived from the same ledger as `openai_cost_usd_total`, labelled like it. */
export const COST_GAUGES = {
  currentDay: {
    metric: 'openai_cost_current_day_usd',
    help: "Net spend (charges minus credits) so far in today's UTC day, still growing (GET /v1/organization/costs, field amount.value).",
  },
  currentMonth: {
    metric: 'openai_cost_current_month_usd',
    help: 'Net spend (charges minus credits) so far in the current UTC month (GET /v1/organization/costs, field amount.value, summed over the days of the month).',
  },
} as const;

export function isCategoryId(value: string): value is CategoryId {
  return (CATEGORY_IDS as readonly string[]).includes(value);
}
