// Per bucket start time, one value vector per ledger slot. Buckets older than the floor are
// forgotten: their totals are final and already counted, so a late answer for them is ignored
// rather than counted a second time.

export type BucketTableSnapshot = readonly (readonly [start: number, rows: readonly (readonly number[])[]])[];

export class BucketTable {
  private readonly buckets = new Map<number, Map<number, Float64Array>>();
  private floorStart = Number.NEGATIVE_INFINITY;

  constructor(readonly vectorLength: number) {}

  /** Bucket starts below this were pruned. */
  get floor(): number {
    return this.floorStart;
  }

  /** The vector of a slot in a bucket, created as zeros on first sight. */
  vector(start: number, slot: number): Float64Array {
    let bucket = this.buckets.get(start);
    if (bucket === undefined) {
      bucket = new Map();
      this.buckets.set(start, bucket);
    }
    let vector = bucket.get(slot);
    if (vector === undefined) {
      vector = new Float64Array(this.vectorLength);
      bucket.set(slot, vector);
    }
    return vector;
  }

  get(start: number): ReadonlyMap<number, Float64Array> | undefined {
    return this.buckets.get(start);
  }

  starts(): number[] {
    return [...this.buckets.keys()].sort((a, b) => a - b);
  }

  get size(): number {
    let rows = 0;
    for (const bucket of this.buckets.values()) rows += bucket.size;
    return rows;
  }

  prune(floor: number): void {
    if (floor <= this.floorStart) return;
    this.floorStart = floor;
    for (const start of this.buckets.keys()) {
      if (start < floor) this.buckets.delete(start);
    }
  }

  snapshot(): { floor: number | null; buckets: BucketTableSnapshot } {
    const buckets = this.starts().map((start) => {
      const rows: number[][] = [];
      for (const [slot, vector] of this.buckets.get(start) ?? []) rows.push([slot, ...vector]);
      return [start, rows] as const;
    });
    return { floor: Number.isFinite(this.floorStart) ? this.floorStart : null, buckets };
  }

  static restore(
    snapshot: { floor: number | null; buckets: BucketTableSnapshot },
    vectorLength: number,
    slotCount: number,
  ): BucketTable {
    const table = new BucketTable(vectorLength);
    if (snapshot.floor !== null) table.floorStart = snapshot.floor;
    for (const [start, rows] of snapshot.buckets) {
      for (const row of rows) {
        const [slot, ...values] = row;
        if (slot === undefined || !Number.isInteger(slot) || slot < 0 || slot >= slotCount) {
          throw new Error(`bucket ${start} names an unknown label set`);
        }
        if (values.length !== vectorLength || values.some((v) => !Number.isFinite(v))) {
          throw new Error(`bucket ${start} has a malformed value vector`);
        }
        table.vector(start, slot).set(values);
      }
    }
    return table;
  }
}
