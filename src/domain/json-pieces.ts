// A JSON value produced piece by piece instead of as one string: the state file of a large ledger
// is hundreds of megabytes, which one JSON.stringify would build in a single event-loop turn (and
// cannot build at all past V8's string limit). Shared by the ledger, which knows its own layout,
// and the state writer, which paces the pieces onto the disk.

export interface JsonPieces<T> {
  /** The JSON text of the value, in pieces of bounded cost; concatenated, exactly `JSON.stringify(value)`. */
  pieces(): Iterable<string>;
  /** Never set: records which JSON value the pieces spell, so envelopes stay type-checked. */
  readonly spells?: T;
}

export function isJsonPieces(value: unknown): value is JsonPieces<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { pieces?: unknown }).pieces === 'function'
  );
}
