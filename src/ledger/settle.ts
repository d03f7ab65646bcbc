import type { BucketTable } from './bucket-table.js';

/**
 * Moves coarse buckets whose fine buckets all start below the fine floor from the open table (own
 * values, then child sums) to the settled table (their maximum): no fine answer can reach them any
 * more, so the child sums are final and only the counted value matters.
 */
export function settleClosed(
  open: BucketTable,
  settled: BucketTable,
  fineFloor: number,
  seconds: number,
): void {
  const c = settled.stride;
  const counted = (values: Float64Array, offset: number, k: number) =>
    Math.max(values[offset + k] as number, values[offset + c + k] as number);
  for (const start of open.starts()) {
    if (start + seconds > fineFloor) continue;
    const pair = open.get(start);
    if (pair === undefined) continue;
    open.delete(start);
    const existing = settled.get(start);
    if (existing === undefined) {
      settled.set(start, pair.reshaped(c, counted));
      continue;
    }
    // Only reachable from a hand-made state file: merge by keeping the larger counted value.
    for (let row = 0; row < pair.count; row++) {
      const offset = existing.offsetOf(pair.slotAt(row));
      for (let k = 0; k < c; k++) {
        existing.values[offset + k] = Math.max(
          existing.values[offset + k] as number,
          counted(pair.values, row * 2 * c, k),
        );
      }
    }
  }
}
