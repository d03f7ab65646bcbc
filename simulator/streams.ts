// Stream keys: a mixed-radix number over a category's dimension digits, and how each
// API dimension (project_id, user_id, …) is read back from those digits.

import type { Dimension } from '../src/catalog/categories.js';

export interface DimensionAccess {
  readonly dimension: Dimension;
  /** Number of distinct values; group keys are mixed-radix numbers over these. */
  readonly cardinality: number;
  /** The value index of this dimension for a stream's digits. */
  index(digits: readonly number[]): number;
  /** The API value for a value index (`batch` is boolean). */
  label(index: number): string | boolean;
}

export class StreamCodec {
  constructor(readonly radices: readonly number[]) {}

  encode(digits: readonly number[]): number {
    let key = 0;
    for (let i = 0; i < this.radices.length; i++) key = key * (this.radices[i] ?? 1) + (digits[i] ?? 0);
    return key;
  }

  decode(key: number, out: number[]): void {
    let rest = key;
    for (let i = this.radices.length - 1; i >= 0; i--) {
      const radix = this.radices[i] ?? 1;
      out[i] = rest % radix;
      rest = Math.floor(rest / radix);
    }
  }
}

/** Cumulative weights for `pickWeighted`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** Index drawn with probability proportional to its weight, for `u` uniform in [0, 1). */
export function pickWeighted(cum: Float64Array, u: number): number {
  const target = u * (cum[cum.length - 1] ?? 0);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
