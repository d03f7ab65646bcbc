// The built-in tools the newer usage endpoints count: web search (per model and search context
// level) and file search (per vector store), with the per-call prices their cost lines use.

export interface SearchModel {
  readonly id: string;
  readonly weight: number;
}

/** Models that call web search; web search is priced per call by context level, not by model. */
export const WEB_SEARCH_MODELS: readonly SearchModel[] = [
  { id: 'gpt-4o-2024-08-06', weight: 3 },
  { id: 'gpt-4.1-2025-04-14', weight: 3 },
  { id: 'gpt-5-2025-08-07', weight: 4 },
  { id: 'o4-mini-2025-04-16', weight: 2 },
  { id: 'gpt-4o-mini-search-preview-2025-03-11', weight: 2 },
  { id: 'gpt-4o-search-preview-2025-03-11', weight: 1 },
];

/** The `context_levels` enum of `/organization/usage/web_search_calls`, verbatim from the spec. */
export const WEB_SEARCH_CONTEXT_LEVELS = ['low', 'medium', 'high'] as const;
/** How often each context level is asked for; medium is the API default. */
export const WEB_SEARCH_CONTEXT_WEIGHTS: readonly number[] = [0.25, 0.6, 0.15];
/** USD per web search call, by context level. */
export const WEB_SEARCH_PRICE_PER_CALL: readonly number[] = [0.025, 0.0275, 0.03];

/** USD per file search call. */
export const FILE_SEARCH_PRICE_PER_CALL = 0.0025;
/** Vector stores each project searches; their ids are the `vector_store_id` values. */
export const VECTOR_STORES_PER_PROJECT = 3;
