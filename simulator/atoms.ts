// One usage event ("atom"): its dimension digits and final component values, all drawn from
// a single per-event hash so the event is reproducible in isolation.

import type { CompletionsProfile, ImageModel } from './model-catalog.js';
import { unitAt } from './prng.js';
import { pickWeighted } from './streams.js';

export const SERVICE_TIERS = ['default', 'flex', 'priority'] as const;
const TIER_CUM = Float64Array.from([0.8, 0.92, 1]);

/** Component layout of a completions atom; result fields are sums of these. */
export const C = {
  cachedText: 0,
  cachedAudio: 1,
  cachedImage: 2,
  cacheWrite: 3,
  text: 4,
  audio: 5,
  image: 6,
  outText: 7,
  outAudio: 8,
  outImage: 9,
  requests: 10,
} as const;
export const COMPLETIONS_WIDTH = 11;

export interface PeopleDraw {
  readonly projects: Float64Array;
  readonly usersPerProject: number;
  readonly apiKeysPerProject: number;
}

/** Draws project, user and key digits into `digits[0..2]`. */
export function drawPeople(base: number, people: PeopleDraw, digits: number[]): void {
  digits[0] = pickWeighted(people.projects, unitAt(base, 0));
  digits[1] = Math.floor(unitAt(base, 1) * people.usersPerProject);
  digits[2] = Math.floor(unitAt(base, 2) * people.apiKeysPerProject);
}

const scaled = (total: number, share: number) => Math.floor(total * share);

export function completionsAtom(
  base: number,
  models: readonly CompletionsProfile[],
  modelCum: Float64Array,
  digits: number[],
  out: Float64Array,
): void {
  const m = pickWeighted(modelCum, unitAt(base, 3));
  const model = models[m];
  if (model === undefined) throw new RangeError('model index out of range');
  const batch = unitAt(base, 4) < 0.15 ? 1 : 0;
  digits[3] = m;
  digits[4] = batch;
  digits[5] = batch === 1 ? 0 : pickWeighted(TIER_CUM, unitAt(base, 5));

  const u = (i: number) => unitAt(base, 10 + i);
  const requests = batch === 1 ? 1 + Math.floor(u(0) * 120) : 1 + Math.floor(u(0) ** 2 * 30);
  const prompt = requests * Math.floor(model.prompt * (0.3 + 1.4 * u(1)));
  const cached = scaled(prompt, model.cachedShare * u(2));
  const cacheWrite = model.cacheWrite ? scaled(prompt - cached, 0.15 * u(3)) : 0;
  const uncached = prompt - cached - cacheWrite;
  const audio = model.audio ? scaled(uncached, 0.5 * u(4)) : 0;
  const image = model.imageInput ? scaled(uncached - audio, 0.2 * u(5)) : 0;
  const cachedAudio = model.audio ? scaled(cached, 0.3 * u(6)) : 0;
  const cachedImage = model.imageInput ? scaled(cached - cachedAudio, 0.1 * u(7)) : 0;
  const output = requests * Math.floor(model.output * (0.3 + 1.4 * u(8)));
  const outAudio = model.audio ? scaled(output, 0.5 * u(9)) : 0;
  const outImage = model.imageOutput ? scaled(output - outAudio, 0.2 * u(10)) : 0;

  out[C.cachedText] = cached - cachedAudio - cachedImage;
  out[C.cachedAudio] = cachedAudio;
  out[C.cachedImage] = cachedImage;
  out[C.cacheWrite] = cacheWrite;
  out[C.text] = uncached - audio - image;
  out[C.audio] = audio;
  out[C.image] = image;
  out[C.outText] = output - outAudio - outImage;
  out[C.outAudio] = outAudio;
  out[C.outImage] = outImage;
  out[C.requests] = requests;
}

/** Shape of a two-component atom: `[quantity, requests]`. */
export interface SimpleShape {
  readonly maxRequests: number;
  readonly minPerRequest: number;
  readonly spreadPerRequest: number;
}

export const SIMPLE_SHAPES = {
  embeddings: { maxRequests: 50, minPerRequest: 50, spreadPerRequest: 2000 },
  moderations: { maxRequests: 80, minPerRequest: 20, spreadPerRequest: 500 },
  audio_speeches: { maxRequests: 10, minPerRequest: 100, spreadPerRequest: 3000 },
  audio_transcriptions: { maxRequests: 8, minPerRequest: 5, spreadPerRequest: 600 },
} as const satisfies Record<string, SimpleShape>;

export function simpleAtom(
  base: number,
  shape: SimpleShape,
  modelCum: Float64Array,
  digits: number[],
  out: Float64Array,
): void {
  digits[3] = pickWeighted(modelCum, unitAt(base, 3));
  const requests = 1 + Math.floor(unitAt(base, 10) ** 2 * shape.maxRequests);
  out[0] = requests * (shape.minPerRequest + Math.floor(unitAt(base, 11) * shape.spreadPerRequest));
  out[1] = requests;
}

export function imagesAtom(
  base: number,
  models: readonly ImageModel[],
  modelCum: Float64Array,
  digits: number[],
  out: Float64Array,
): void {
  const m = pickWeighted(modelCum, unitAt(base, 3));
  const model = models[m];
  if (model === undefined) throw new RangeError('model index out of range');
  digits[3] = m;
  digits[4] = model.sizes[Math.floor(unitAt(base, 4) * model.sizes.length)]?.size ?? 0;
  digits[5] = model.sources[Math.floor(unitAt(base, 5) * model.sources.length)] ?? 0;
  const requests = 1 + Math.floor(unitAt(base, 10) ** 2 * 5);
  out[0] = requests * (1 + Math.floor(unitAt(base, 11) * 4));
  out[1] = requests;
}

export function codeInterpreterAtom(
  base: number,
  projects: Float64Array,
  digits: number[],
  out: Float64Array,
): void {
  digits[0] = pickWeighted(projects, unitAt(base, 0));
  out[0] = 1 + Math.floor(unitAt(base, 10) ** 2 * 3);
}
