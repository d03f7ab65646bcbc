// Number lists as JSON text in pieces of bounded cost, straight from typed arrays: a 1M-series
// ledger holds tens of millions of values, and a plain array per list doubled the memory a save
// needed before JSON.stringify even began.

/** Values per piece: a few hundred microseconds of formatting, so a paced writer can stop often. */
const NUMBERS_PER_PIECE = 4096;

type NumberArray = Float64Array | Int32Array | Uint8Array;

/** The text `JSON.stringify` gives for the first `length` values as a plain array, in pieces. */
export function* numberList(values: NumberArray, length = values.length): Generator<string> {
  if (length === 0) {
    yield '[]';
    return;
  }
  for (let start = 0; start < length; start += NUMBERS_PER_PIECE) {
    const end = Math.min(length, start + NUMBERS_PER_PIECE);
    const text = jsonNumbers(values.subarray(start, end));
    yield `${start === 0 ? '[' : ','}${text}${end === length ? ']' : ''}`;
  }
}

/** Items of a list, each already small, as JSON text in pieces of `perPiece` items. */
export function* itemList<T>(
  items: readonly T[],
  length: number,
  perPiece: number,
  encode: (item: T) => string,
): Generator<string> {
  if (length === 0) {
    yield '[]';
    return;
  }
  for (let start = 0; start < length; start += perPiece) {
    const end = Math.min(length, start + perPiece);
    let text = start === 0 ? '[' : ',';
    for (let i = start; i < end; i++) text += (i === start ? '' : ',') + encode(items[i] as T);
    yield end === length ? `${text}]` : text;
  }
}

function jsonNumbers(values: NumberArray): string {
  const text = values.join(',');
  // join spells NaN and ±Infinity out; JSON.stringify writes null for them. Finite numbers are
  // spelled alike by both (Number.prototype.toString), so only this rare case needs the slow path.
  if (!text.includes('N') && !text.includes('I')) return text;
  return Array.from(values, (value) => (Number.isFinite(value) ? String(value) : 'null')).join(',');
}
