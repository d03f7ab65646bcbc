// Per bucket start time, one row of values per ledger slot, the rows one after another in a single
// Float64Array per bucket (no object per row): at 100k series a table holds millions of values, and
// one typed array per row cost more in headers and allocator slack than the values themselves.
// Buckets older than the floor are forgotten: their totals are final and already counted, so a late
// answer for them is ignored rather than counted a second time.

import type { CopyArena } from './copy-arena.js';
import { LedgerRejectedError } from './errors.js';

/** One bucket's rows: `stride` values per slot that has been seen in the bucket. */
export class BucketRows {
  /** Row index per slot, -1 when absent; dense because most slots appear in most buckets. */
  private rowOfSlot: Int32Array;
  private slotOfRow: Int32Array;
  /** Row r occupies `values[r * stride, (r + 1) * stride)`; reallocated as rows are added. */
  values: Float64Array;
  count = 0;

  constructor(
    readonly stride: number,
    rowCapacity: number,
    slotCapacity = 0,
  ) {
    const rows = Math.max(4, rowCapacity);
    this.rowOfSlot = new Int32Array(slotCapacity).fill(-1);
    this.slotOfRow = new Int32Array(rows);
    this.values = new Float64Array(rows * stride);
  }

  /** Offset of the slot's row in `values`, appending a row of zeros on first sight. */
  offsetOf(slot: number): number {
    const known = slot < this.rowOfSlot.length ? (this.rowOfSlot[slot] as number) : -1;
    if (known >= 0) return known * this.stride;
    if (slot >= this.rowOfSlot.length) this.growSlots(slot);
    if (this.count === this.slotOfRow.length) this.growRows(this.count + (this.count >> 1) + 1);
    const row = this.count++;
    this.rowOfSlot[slot] = row;
    this.slotOfRow[row] = slot;
    return row * this.stride;
  }

  slotAt(row: number): number {
    return this.slotOfRow[row] as number;
  }

  /** A copy of the rows as they are now, which later ingests cannot change. */
  frozen(arena: CopyArena): FrozenRows {
    return {
      slots: arena.copyInts(this.slotOfRow, this.count),
      values: arena.copyFloats(this.values, this.count * this.stride),
    };
  }

  /**
   * The same slots in the same rows with `width` values each, `pick(values, offset, i)` giving the
   * i-th new value of the row at `offset`: a wholesale copy, not one lookup per row.
   */
  reshaped(width: number, pick: (values: Float64Array, offset: number, i: number) => number): BucketRows {
    const rows = new BucketRows(width, this.count);
    rows.rowOfSlot = this.rowOfSlot.slice();
    rows.slotOfRow.set(this.slotOfRow.subarray(0, this.count));
    rows.count = this.count;
    for (let row = 0; row < this.count; row++) {
      for (let i = 0; i < width; i++) rows.values[row * width + i] = pick(this.values, row * this.stride, i);
    }
    return rows;
  }

  /** Gives back the spare capacity once a bucket stops growing. */
  trim(): void {
    if (this.slotOfRow.length > this.count) this.growRows(this.count);
  }

  private growSlots(slot: number): void {
    const grown = new Int32Array(Math.max(slot + 1, this.rowOfSlot.length * 2, 64)).fill(-1);
    grown.set(this.rowOfSlot);
    this.rowOfSlot = grown;
  }

  private growRows(rows: number): void {
    const slots = new Int32Array(Math.max(rows, 1));
    slots.set(this.slotOfRow.subarray(0, this.count));
    this.slotOfRow = slots;
    const values = new Float64Array(Math.max(rows, 1) * this.stride);
    values.set(this.values.subarray(0, this.count * this.stride));
    this.values = values;
  }
}

/** JSON form of a table: per bucket, its slots and their values, row after row. */
export interface BucketTableSnapshot {
  readonly floor: number | null;
  readonly buckets: readonly (readonly [
    start: number,
    slots: readonly number[],
    values: readonly number[],
  ])[];
}

export interface FrozenRows {
  readonly slots: Int32Array;
  readonly values: Float64Array;
}

/** A table copied at one instant, for a save that runs while polls go on. */
export interface FrozenTable {
  readonly floor: number | null;
  readonly buckets: readonly (readonly [start: number, rows: FrozenRows])[];
}

export class BucketTable {
  private readonly buckets = new Map<number, BucketRows>();
  private floorStart = Number.NEGATIVE_INFINITY;
  /** The most rows a newest bucket has had: the next bucket usually has about as many. */
  private rowsHint = 0;

  constructor(readonly stride: number) {}

  /** Bucket starts below this were pruned. */
  get floor(): number {
    return this.floorStart;
  }

  set floor(value: number) {
    this.floorStart = value;
  }

  /**
   * The rows of a bucket, created empty on first sight with room for `expectedRows` rows (the
   * answer's row count) and `slots` slots (those known so far), so filling it rarely regrows it.
   */
  rows(start: number, expectedRows = 0, slots = 0): BucketRows {
    let bucket = this.buckets.get(start);
    if (bucket === undefined) {
      const latest = this.buckets.get(this.newestStart());
      if (latest !== undefined) this.rowsHint = Math.max(this.rowsHint, latest.count);
      bucket = new BucketRows(this.stride, Math.max(this.rowsHint, expectedRows), slots);
      this.buckets.set(start, bucket);
    }
    return bucket;
  }

  get(start: number): BucketRows | undefined {
    return this.buckets.get(start);
  }

  set(start: number, rows: BucketRows): void {
    this.buckets.set(start, rows);
  }

  delete(start: number): void {
    this.buckets.delete(start);
  }

  starts(): number[] {
    return [...this.buckets.keys()].sort((a, b) => a - b);
  }

  /** Values held over all buckets: what a copy of the table needs. */
  get valueCount(): number {
    let values = 0;
    for (const bucket of this.buckets.values()) values += bucket.count * this.stride;
    return values;
  }

  /** Rows held over all buckets. */
  get size(): number {
    let rows = 0;
    for (const bucket of this.buckets.values()) rows += bucket.count;
    return rows;
  }

  prune(floor: number): void {
    if (floor <= this.floorStart) return;
    this.floorStart = floor;
    for (const start of this.buckets.keys()) {
      if (start < floor) this.buckets.delete(start);
    }
  }

  /** Trims every bucket but the newest, which is still being filled. */
  trim(): void {
    const newest = this.newestStart();
    for (const [start, bucket] of this.buckets) if (start !== newest) bucket.trim();
  }

  snapshot(): BucketTableSnapshot {
    const buckets = this.starts().map((start) => {
      const bucket = this.buckets.get(start) as BucketRows;
      const slots = new Array<number>(bucket.count);
      for (let row = 0; row < bucket.count; row++) slots[row] = bucket.slotAt(row);
      return [start, slots, plainNumbers(bucket.values, bucket.count * this.stride)] as const;
    });
    return { floor: Number.isFinite(this.floorStart) ? this.floorStart : null, buckets };
  }

  /** The same content as `snapshot()`, as typed-array copies: a memory copy, not a conversion. */
  freeze(arena: CopyArena): FrozenTable {
    const buckets = this.starts().map(
      (start) => [start, (this.buckets.get(start) as BucketRows).frozen(arena)] as const,
    );
    return { floor: Number.isFinite(this.floorStart) ? this.floorStart : null, buckets };
  }

  static restore(snapshot: BucketTableSnapshot, stride: number, slotCount: number): BucketTable {
    const table = new BucketTable(stride);
    if (snapshot.floor !== null) table.floorStart = snapshot.floor;
    for (const [start, slots, values] of snapshot.buckets) {
      if (!Number.isSafeInteger(start) || values.length !== slots.length * stride) {
        throw new LedgerRejectedError(`bucket ${start} has a malformed value table`);
      }
      const bucket = new BucketRows(stride, slots.length);
      slots.forEach((slot, row) => {
        if (!Number.isInteger(slot) || slot < 0 || slot >= slotCount) {
          throw new LedgerRejectedError(`bucket ${start} names an unknown label set`);
        }
        const offset = bucket.offsetOf(slot);
        for (let i = 0; i < stride; i++) {
          const value = values[row * stride + i];
          if (value === undefined || !Number.isFinite(value)) {
            throw new LedgerRejectedError(`bucket ${start} has a malformed value vector`);
          }
          bucket.values[offset + i] = value;
        }
      });
      table.buckets.set(start, bucket);
    }
    return table;
  }

  private newestStart(): number {
    let newest = Number.NEGATIVE_INFINITY;
    for (const start of this.buckets.keys()) if (start > newest) newest = start;
    return newest;
  }
}

/**
 * The first `length` values as a plain array. Array.from goes through the iterator protocol, which
 * made snapshots of a 100k-series ledger take longer than their JSON.stringify.
 */
export function plainNumbers(values: ArrayLike<number>, length = values.length): number[] {
  const plain: number[] = [];
  for (let i = 0; i < length; i++) plain.push(values[i] as number);
  return plain;
}
