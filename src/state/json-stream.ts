// Any JSON value as text in pieces, parts of which may already be pieces (a ledger spells itself):
// the state envelope stays an ordinary object, whatever fields it grows, and only the big parts
// need to know how to split themselves.

import { isJsonPieces, type JsonPieces } from '../domain/json-pieces.js';

/** A JSON value in which any part may be given as the pieces that spell it. */
export type Streamable<T> =
  | JsonPieces<T>
  | (T extends readonly (infer U)[]
      ? readonly Streamable<U>[]
      : T extends object
        ? { readonly [K in keyof T]: Streamable<T[K]> }
        : T);

/** Array items spelled by one JSON.stringify when they are all primitives (numbers, strings). */
const ITEMS_PER_PIECE = 1024;

/** The text `JSON.stringify(value)` gives, with pieces substituted, one bounded piece at a time. */
export function* jsonPieces(value: unknown): Generator<string> {
  if (isJsonPieces(value)) {
    yield* value.pieces();
  } else if (Array.isArray(value)) {
    yield* arrayPieces(value);
  } else if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Jsonable).toJSON !== 'function'
  ) {
    yield* objectPieces(value as Record<string, unknown>);
  } else {
    yield JSON.stringify(value) ?? 'null';
  }
}

interface Jsonable {
  toJSON?: unknown;
}

function* arrayPieces(items: readonly unknown[]): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[';
  for (let start = 0; start < items.length; start += ITEMS_PER_PIECE) {
    const end = Math.min(items.length, start + ITEMS_PER_PIECE);
    const run = items.slice(start, end);
    const comma = start === 0 ? '' : ',';
    // A saved ledger carried verbatim is mostly long lists of numbers: one stringify per run.
    if (run.every(isPrimitive)) {
      yield `${comma}${JSON.stringify(run).slice(1, -1)}`;
      continue;
    }
    for (let i = 0; i < run.length; i++) {
      if (start + i > 0) yield ',';
      const item = run[i];
      if (isOmitted(item)) yield 'null';
      else yield* jsonPieces(item);
    }
  }
  yield ']';
}

function* objectPieces(object: Record<string, unknown>): Generator<string> {
  let separator = '{';
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (isOmitted(item)) continue;
    yield `${separator}${JSON.stringify(key)}:`;
    separator = ',';
    yield* jsonPieces(item);
  }
  yield separator === '{' ? '{}' : '}';
}

/** What JSON.stringify leaves out of objects and writes as null in arrays. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
