// The usage endpoints (`GET /v1/organization/usage/<id>`): integer counts per minute, hour or day,
// which the ledger reads as minutes rolled up into hours.

import type { UsageCategoryId } from './category-ids.js';
import type { CategorySpec, Dimension, FilterName, RateLimitedUsage } from './category-spec.js';
import { type CategoryRow, counter, defineCategory, type FieldRow, gauge } from './define-category.js';

type UsageRow = Pick<
  CategoryRow,
  'dimensions' | 'defaultGroupBy' | 'filters' | 'minutesAddUp' | 'rateLimited'
> & {
  readonly fields: readonly FieldRow[];
  /** The `object` name of the results, when it is not the id. */
  readonly objectName?: string;
};

function usage(id: UsageCategoryId, { objectName = id, ...row }: UsageRow): CategorySpec {
  return defineCategory(id, {
    path: `organization/usage/${id}`,
    resultObject: `organization.usage.${objectName}.result`,
    metricPrefix: `openai_${id}`,
    pageSizes: {
      '1m': { default: 60, max: 1440 },
      '1h': { default: 24, max: 168 },
      '1d': { default: 7, max: 31 },
    },
    tiers: { coarse: '1h', fine: '1m' },
    sendsBucketWidth: true,
    values: 'counts',
    ...row,
  });
}

type Grouping = Pick<UsageRow, 'dimensions' | 'defaultGroupBy' | 'filters'>;
const MODEL_DIMENSIONS: readonly Dimension[] = ['project_id', 'user_id', 'api_key_id', 'model'];
const MODEL_FILTERS: readonly FilterName[] = ['project_ids', 'user_ids', 'api_key_ids', 'models'];
const BY_MODEL: Grouping = {
  dimensions: MODEL_DIMENSIONS,
  defaultGroupBy: ['project_id', 'model'],
  filters: MODEL_FILTERS,
};
const BY_PROJECT: Grouping = {
  dimensions: ['project_id'],
  defaultGroupBy: ['project_id'],
  filters: ['project_ids'],
};
const OPTIONAL = { optional: true };

/**
 * The model endpoints count against a project's per-model limits: their requests, and their tokens
 * where they have any (input_tokens already includes cached and cache-write tokens).
 */
const rateLimited = (...tokenFields: string[]): RateLimitedUsage => ({
  tokenFields,
  requestField: 'num_model_requests',
});

const requests = (id: UsageCategoryId): FieldRow =>
  counter('num_model_requests', 'Model requests', { metric: `openai_${id}_requests_total` });

/** Grouped like the model endpoints, with one required count and the model requests. */
const perModel = (
  id: UsageCategoryId,
  field: string,
  meaning: string,
  limited: RateLimitedUsage,
): CategorySpec =>
  usage(id, { ...BY_MODEL, fields: [counter(field, meaning), requests(id)], rateLimited: limited });

export const USAGE_CATEGORIES: Readonly<Record<UsageCategoryId, CategorySpec>> = {
  completions: usage('completions', {
    dimensions: [...MODEL_DIMENSIONS, 'batch', 'service_tier'],
    defaultGroupBy: ['project_id', 'model', 'batch'],
    filters: [...MODEL_FILTERS, 'batch'],
    rateLimited: rateLimited('input_tokens', 'output_tokens'),
    fields: [
      counter('input_tokens', 'Input tokens, including cached and cache-write tokens'),
      counter('output_tokens', 'Output tokens'),
      counter('input_cached_tokens', 'Cached input tokens', OPTIONAL),
      counter('input_audio_tokens', 'Uncached audio input tokens', OPTIONAL),
      counter('output_audio_tokens', 'Audio output tokens', OPTIONAL),
      counter('input_cache_write_tokens', 'Input tokens written to the prompt cache', OPTIONAL),
      counter('input_uncached_tokens', 'Uncached input tokens, excluding cache writes', OPTIONAL),
      counter('input_text_tokens', 'Uncached text input tokens', OPTIONAL),
      counter('input_cached_text_tokens', 'Cached text input tokens', OPTIONAL),
      counter('input_cached_audio_tokens', 'Cached audio input tokens', OPTIONAL),
      counter('input_image_tokens', 'Uncached image input tokens', OPTIONAL),
      counter('input_cached_image_tokens', 'Cached image input tokens', OPTIONAL),
      counter('output_text_tokens', 'Text output tokens', OPTIONAL),
      counter('output_image_tokens', 'Image output tokens', OPTIONAL),
      requests('completions'),
    ],
  }),
  embeddings: perModel('embeddings', 'input_tokens', 'Input tokens', rateLimited('input_tokens')),
  moderations: perModel('moderations', 'input_tokens', 'Input tokens', rateLimited('input_tokens')),
  images: usage('images', {
    dimensions: [...MODEL_DIMENSIONS, 'size', 'source'],
    defaultGroupBy: ['project_id', 'model', 'source', 'size'],
    filters: [...MODEL_FILTERS, 'sources', 'sizes'],
    rateLimited: rateLimited(),
    fields: [counter('images', 'Images processed', { metric: 'openai_images_total' }), requests('images')],
  }),
  audio_speeches: perModel('audio_speeches', 'characters', 'Characters synthesised', rateLimited()),
  audio_transcriptions: perModel(
    'audio_transcriptions',
    'seconds',
    'Seconds of audio transcribed',
    rateLimited(),
  ),
  vector_stores: usage('vector_stores', {
    ...BY_PROJECT,
    fields: [gauge('usage_bytes', 'Vector store storage in the newest bucket')],
  }),
  code_interpreter_sessions: usage('code_interpreter_sessions', {
    ...BY_PROJECT,
    // A session active over several minutes may be counted in each of them (unverified upstream;
    // the simulator cannot tell), so the sum of minutes could exceed the hour.
    minutesAddUp: false,
    fields: [
      counter('num_sessions', 'Code interpreter sessions', {
        metric: 'openai_code_interpreter_sessions_total',
      }),
    ],
  }),
  file_search_calls: usage('file_search_calls', {
    // The object names do not follow the path names (`file_searches`, not `file_search_calls`).
    objectName: 'file_searches',
    dimensions: ['project_id', 'user_id', 'api_key_id', 'vector_store_id'],
    defaultGroupBy: ['project_id', 'vector_store_id'],
    filters: ['project_ids', 'user_ids', 'api_key_ids', 'vector_store_ids'],
    fields: [counter('num_requests', 'File search tool calls')],
  }),
  web_search_calls: usage('web_search_calls', {
    objectName: 'web_searches',
    dimensions: [...MODEL_DIMENSIONS, 'context_level'],
    // The context level sets the price of a call, so it is worth a label by default.
    defaultGroupBy: ['project_id', 'model', 'context_level'],
    filters: [...MODEL_FILTERS, 'context_levels'],
    fields: [
      counter('num_requests', 'Web search tool calls'),
      counter('num_model_requests', 'Model requests that called web search'),
    ],
  }),
};
