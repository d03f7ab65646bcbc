// The category ids on their own, so the spec types can name them without importing the table.

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

export function isCategoryId(value: string): value is CategoryId {
  return (CATEGORY_IDS as readonly string[]).includes(value);
}
