// Stateless, seeded hashing: every value the simulator serves is a pure function of
// (seed, category, minute, event, field), so any minute is computable in O(1) without history.

const TWO_POW_32 = 4294967296;

/** murmur3's 32-bit finalizer: a cheap bijection with good avalanche. */
export function fmix32(input: number): number {
  let h = input | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds a (possibly > 32-bit, non-negative) integer into a running hash. */
export function combine(h: number, value: number): number {
  const low = value >>> 0;
  const high = Math.floor(value / TWO_POW_32) >>> 0;
  let x = fmix32((h ^ Math.imul(low, 0x9e3779b1)) + 0x7f4a7c15);
  if (high !== 0) x = fmix32((x ^ Math.imul(high, 0x85ebca77)) + 0x27d4eb2f);
  return x;
}

export function hashOf(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) h = combine(h, part);
  return h;
}

/** The `index`-th uniform draw in [0, 1) derived from `base`. */
export function unitAt(base: number, index: number): number {
  return fmix32((base ^ Math.imul(index + 1, 0x9e3779b1)) + 0x165667b1) / TWO_POW_32;
}

export function unit(h: number): number {
  return (h >>> 0) / TWO_POW_32;
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A deterministic base62 token of `length` characters, e.g. the tail of `proj_…`. */
export function token(base: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[Math.floor(unitAt(base, i) * 62)];
  return out;
}
