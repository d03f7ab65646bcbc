// Upstream result fields from component sums. Completions totals are sums of their parts,
// so the identities of the reference (§2.3) hold for every visible value, not only final ones.

import { C } from './atoms.js';
import { W } from './tool-call-models.js';
import type { FlowCategoryId } from './usage-model.js';

type Sums = ArrayLike<number>;

function completionsFields(s: Sums): Record<string, number> {
  const v = (i: number) => s[i] ?? 0;
  const cached = v(C.cachedText) + v(C.cachedAudio) + v(C.cachedImage);
  const uncached = v(C.text) + v(C.audio) + v(C.image);
  return {
    input_tokens: cached + v(C.cacheWrite) + uncached,
    output_tokens: v(C.outText) + v(C.outAudio) + v(C.outImage),
    num_model_requests: v(C.requests),
    input_cached_tokens: cached,
    input_cache_write_tokens: v(C.cacheWrite),
    input_uncached_tokens: uncached,
    input_text_tokens: v(C.text),
    input_cached_text_tokens: v(C.cachedText),
    input_audio_tokens: v(C.audio),
    input_cached_audio_tokens: v(C.cachedAudio),
    input_image_tokens: v(C.image),
    input_cached_image_tokens: v(C.cachedImage),
    output_text_tokens: v(C.outText),
    output_audio_tokens: v(C.outAudio),
    output_image_tokens: v(C.outImage),
  };
}

type QuantityCategory = 'embeddings' | 'moderations' | 'images' | 'audio_speeches' | 'audio_transcriptions';

const QUANTITY_FIELD: Record<QuantityCategory, string> = {
  embeddings: 'input_tokens',
  moderations: 'input_tokens',
  images: 'images',
  audio_speeches: 'characters',
  audio_transcriptions: 'seconds',
};

/** The numeric fields of one result, in the order the API writes them. */
export function deriveFields(category: FlowCategoryId, sums: Sums): Record<string, number> {
  switch (category) {
    case 'completions':
      return completionsFields(sums);
    case 'code_interpreter_sessions':
      return { num_sessions: sums[0] ?? 0 };
    case 'file_search_calls':
      return { num_requests: sums[0] ?? 0 };
    case 'web_search_calls':
      return { num_model_requests: sums[W.modelRequests] ?? 0, num_requests: sums[W.searches] ?? 0 };
    default:
      return { [QUANTITY_FIELD[category]]: sums[0] ?? 0, num_model_requests: sums[1] ?? 0 };
  }
}
