// Upstream result fields from component sums. Completions totals are sums of their parts,
// so the identities of the reference (§2.3) hold for every visible value, not only final ones.

import { C } from './atoms.js';
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

const QUANTITY_FIELD: Record<Exclude<FlowCategoryId, 'completions' | 'code_interpreter_sessions'>, string> = {
  embeddings: 'input_tokens',
  moderations: 'input_tokens',
  images: 'images',
  audio_speeches: 'characters',
  audio_transcriptions: 'seconds',
};

/** The numeric fields of one result, in the order the API writes them. */
export function deriveFields(category: FlowCategoryId, sums: Sums): Record<string, number> {
  if (category === 'completions') return completionsFields(sums);
  if (category === 'code_interpreter_sessions') return { num_sessions: sums[0] ?? 0 };
  return { [QUANTITY_FIELD[category]]: sums[0] ?? 0, num_model_requests: sums[1] ?? 0 };
}
