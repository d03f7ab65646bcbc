// Memory for the copies a save takes of the ledgers, written to once beforehand, in steps between
// which the event loop can run. A fresh copy of a 100k-series ledger touches about 30 MB of newly
// mapped pages, and faulting them in cost 60 to 140 ms of one synchronous stretch on a loaded
// virtual machine, against 6 ms for the copy itself into memory already touched.

/** Values pre-touched per step: about half a megabyte, well under a millisecond. */
const VALUES_PER_STEP = 1 << 16;

export class CopyArena {
  private readonly floats: Float64Array;
  private readonly ints: Int32Array;
  private floatsUsed = 0;
  private intsUsed = 0;

  constructor(floats: number, ints: number) {
    this.floats = new Float64Array(floats);
    this.ints = new Int32Array(ints);
  }

  /** Whether copies of this many values and slot numbers fit. */
  fits(floats: number, ints: number): boolean {
    return floats <= this.floats.length && ints <= this.ints.length;
  }

  /**
   * Starts over for the next save, whose copies replace the previous ones: the pages stay touched,
   * and no new memory means no external-memory pressure that would set off a full collection.
   */
  reuse(): this {
    this.floatsUsed = 0;
    this.intsUsed = 0;
    return this;
  }

  /** Touches every page, one step per iteration; the caller paces the steps. */
  *prefault(): Generator<void> {
    for (const array of [this.floats, this.ints]) {
      for (let start = 0; start < array.length; start += VALUES_PER_STEP) {
        array.fill(0, start, start + VALUES_PER_STEP);
        yield;
      }
    }
  }

  /** A copy of the first `length` values; in the arena while it has room, else freshly allocated. */
  copyFloats(source: Float64Array, length: number): Float64Array {
    if (this.floatsUsed + length > this.floats.length) return source.slice(0, length);
    const copy = this.floats.subarray(this.floatsUsed, this.floatsUsed + length);
    copy.set(source.subarray(0, length));
    this.floatsUsed += length;
    return copy;
  }

  copyInts(source: Int32Array, length: number): Int32Array {
    if (this.intsUsed + length > this.ints.length) return source.slice(0, length);
    const copy = this.ints.subarray(this.intsUsed, this.intsUsed + length);
    copy.set(source.subarray(0, length));
    this.intsUsed += length;
    return copy;
  }
}

/** Without an arena: plain copies, for callers that do not prepare one. */
export const NO_ARENA = new CopyArena(0, 0);
