// The flat typed arrays of the estimate's progress: copied for the state file, placed back from
// it, and grown as series appear.

import type { JsonPieces } from '../domain/json-pieces.js';
import { numberList } from '../ledger/json-numbers.js';

/** A number list copied now and spelled later (and still JSON.stringify-able). */
export class NumberCopy implements JsonPieces<number[]> {
  constructor(private readonly values: Float64Array) {}
  pieces(): Iterable<string> {
    return numberList(this.values);
  }
  toJSON(): number[] {
    return Array.from(this.values);
  }
}

/** Copies saved rows of `from.length / count` values into rows of `stride`, by position `at`. */
export function place(
  from: readonly unknown[],
  at: readonly number[],
  count: number,
  into: Float64Array,
  stride: number,
): void {
  const width = at.length;
  for (let row = 0; row < count; row++) {
    for (let k = 0; k < width; k++) {
      const target = at[k] as number;
      const value = from[row * width + k];
      if (target >= 0 && typeof value === 'number' && Number.isFinite(value))
        into[row * stride + target] = value;
    }
  }
}

export function grown(values: Float64Array, length: number): Float64Array {
  if (values.length >= length) return values;
  const bigger = new Float64Array(Math.max(length, values.length * 2));
  bigger.set(values);
  return bigger;
}
