// Current model snapshot names per usage family, with the traffic profile and list prices
// (USD per unit) the simulator derives usage and costs from.

export interface CompletionsProfile {
  readonly id: string;
  /** Mean prompt tokens per request. */
  readonly prompt: number;
  /** Mean output tokens per request. */
  readonly output: number;
  /** Upper bound of the cached share of the prompt. */
  readonly cachedShare: number;
  readonly audio: boolean;
  readonly imageInput: boolean;
  readonly imageOutput: boolean;
  readonly cacheWrite: boolean;
  /** USD per token. */
  readonly price: {
    readonly input: number;
    readonly cachedInput: number;
    readonly output: number;
    readonly audioInput: number;
    readonly audioOutput: number;
  };
  /** Relative traffic weight. */
  readonly weight: number;
}

const M = 1e-6;

function chat(
  id: string,
  weight: number,
  input: number,
  cachedInput: number,
  output: number,
  traits: Partial<Pick<CompletionsProfile, 'audio' | 'imageInput' | 'imageOutput' | 'cacheWrite'>> = {},
): CompletionsProfile {
  return {
    id,
    prompt: 900 + Math.round(input * 400),
    output: 250 + Math.round(output * 20),
    cachedShare: 0.7,
    audio: traits.audio ?? false,
    imageInput: traits.imageInput ?? false,
    imageOutput: traits.imageOutput ?? false,
    cacheWrite: traits.cacheWrite ?? false,
    price: {
      input: input * M,
      cachedInput: cachedInput * M,
      output: output * M,
      audioInput: traits.audio ? 40 * M : 0,
      audioOutput: traits.audio ? 80 * M : 0,
    },
    weight,
  };
}

export const COMPLETIONS_MODELS: readonly CompletionsProfile[] = [
  chat('gpt-4o-2024-08-06', 5, 2.5, 1.25, 10, { imageInput: true }),
  chat('gpt-4o-mini-2024-07-18', 8, 0.15, 0.075, 0.6, { imageInput: true }),
  chat('gpt-4.1-2025-04-14', 4, 2, 0.5, 8, { imageInput: true, cacheWrite: true }),
  chat('o3-2025-04-16', 2, 2, 0.5, 8, { cacheWrite: true }),
  chat('gpt-4o-audio-preview-2024-12-17', 1, 2.5, 1.25, 10, { audio: true }),
  chat('gpt-4.1-mini-2025-04-14', 6, 0.4, 0.1, 1.6, { imageInput: true }),
  chat('o4-mini-2025-04-16', 3, 1.1, 0.275, 4.4),
  chat('gpt-4.1-nano-2025-04-14', 3, 0.1, 0.025, 0.4),
  chat('gpt-5-2025-08-07', 4, 1.25, 0.125, 10, { imageInput: true, imageOutput: true, cacheWrite: true }),
  chat('gpt-5-mini-2025-08-07', 5, 0.25, 0.025, 2, { imageInput: true }),
  chat('gpt-realtime-2025-08-28', 1, 4, 0.4, 16, { audio: true }),
  chat('gpt-5-nano-2025-08-07', 3, 0.05, 0.005, 0.4),
];

const FINE_TUNE_BASE = chat('ft:gpt-4o-mini-2024-07-18', 1, 0.3, 0.15, 1.2);

/** Completions models, extended with fine-tuned snapshots when the scale asks for more than the catalog. */
export function completionsModels(
  count: number,
  orgSlug: string,
  suffix: (i: number) => string,
): CompletionsProfile[] {
  const out = COMPLETIONS_MODELS.slice(0, count);
  for (let i = out.length; i < count; i++) {
    out.push({ ...FINE_TUNE_BASE, id: `ft:gpt-4o-mini-2024-07-18:${orgSlug}::${suffix(i)}` });
  }
  return out;
}

export interface SimpleModel {
  readonly id: string;
  /** USD per unit (token, character, second). */
  readonly price: number;
  readonly weight: number;
}

export const EMBEDDINGS_MODELS: readonly SimpleModel[] = [
  { id: 'text-embedding-3-small', price: 0.02 * M, weight: 6 },
  { id: 'text-embedding-3-large', price: 0.13 * M, weight: 2 },
  { id: 'text-embedding-ada-002', price: 0.1 * M, weight: 1 },
];

/** Moderations are free, so they never produce a cost line. */
export const MODERATIONS_MODELS: readonly SimpleModel[] = [
  { id: 'omni-moderation-latest', price: 0, weight: 4 },
  { id: 'omni-moderation-2024-09-26', price: 0, weight: 1 },
  { id: 'text-moderation-latest', price: 0, weight: 1 },
];

export const AUDIO_SPEECHES_MODELS: readonly SimpleModel[] = [
  { id: 'tts-1', price: 15 * M, weight: 3 },
  { id: 'gpt-4o-mini-tts', price: 12 * M, weight: 3 },
  { id: 'tts-1-hd', price: 30 * M, weight: 1 },
];

export const AUDIO_TRANSCRIPTIONS_MODELS: readonly SimpleModel[] = [
  { id: 'whisper-1', price: 0.0001, weight: 3 },
  { id: 'gpt-4o-transcribe', price: 0.0001, weight: 2 },
  { id: 'gpt-4o-mini-transcribe', price: 0.00005, weight: 2 },
];

/** The size and source enums of `/organization/usage/images`, verbatim from the spec (no 1792x1024). */
export const IMAGE_SIZES = ['256x256', '512x512', '1024x1024', '1792x1792', '1024x1792'] as const;
export const IMAGE_SOURCES = ['image.generation', 'image.edit', 'image.variation'] as const;

export interface ImageModel {
  readonly id: string;
  readonly weight: number;
  /** Indices into IMAGE_SIZES with the USD price per image at that size. */
  readonly sizes: readonly { readonly size: number; readonly price: number }[];
  /** Indices into IMAGE_SOURCES. */
  readonly sources: readonly number[];
}

export const IMAGE_MODELS: readonly ImageModel[] = [
  {
    id: 'gpt-image-1',
    weight: 4,
    sizes: [
      { size: 2, price: 0.042 },
      { size: 4, price: 0.063 },
    ],
    sources: [0, 1],
  },
  {
    id: 'dall-e-3',
    weight: 2,
    sizes: [
      { size: 2, price: 0.04 },
      { size: 4, price: 0.08 },
      { size: 3, price: 0.08 },
    ],
    sources: [0],
  },
  {
    id: 'dall-e-2',
    weight: 1,
    sizes: [
      { size: 0, price: 0.016 },
      { size: 1, price: 0.018 },
      { size: 2, price: 0.02 },
    ],
    sources: [0, 1, 2],
  },
];

export const CODE_INTERPRETER_SESSION_PRICE = 0.03;
/** $0.10 per GiB-day of vector storage, charged per GiB-hour. */
export const VECTOR_STORAGE_PRICE_PER_GIB_HOUR = 0.1 / 24;
