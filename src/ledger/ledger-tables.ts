// The three bucket tables of a ledger (see category-ledger.ts for why there are three), and what
// is asked of them together.

import { BUCKET_WIDTH_SECONDS } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import { BucketTable } from './bucket-table.js';
import type { LedgerLayout } from './category-layout.js';
import { floorTo } from './floor-to.js';
import type { RowTarget } from './row-ingest.js';
import type { SeriesIndex } from './series-index.js';
import { settleClosed } from './settle.js';

export interface LedgerTables {
  /** Latest value per fine bucket and counter field. */
  fine: BucketTable | undefined;
  /** Coarse buckets fine answers can still reach: own values, then child sums. */
  open: BucketTable | undefined;
  /** Coarse buckets past the fine window (all of them without a fine width): counted values. */
  settled: BucketTable;
}

/** Tables for `counters` counter fields; without a fine width every coarse bucket is settled. */
export function emptyTables(layout: LedgerLayout, counters: number): LedgerTables {
  const hasFine = layout.fineWidth !== undefined;
  return {
    settled: new BucketTable(counters),
    open: hasFine ? new BucketTable(2 * counters) : undefined,
    fine: hasFine ? new BucketTable(counters) : undefined,
  };
}

function present(tables: LedgerTables): BucketTable[] {
  const { fine, open, settled } = tables;
  return [fine, open, settled].filter((table) => table !== undefined);
}

/** Forgets buckets that start before the given times; coarse buckets whose minutes are all gone settle. */
export function pruneTables(
  tables: LedgerTables,
  layout: LedgerLayout,
  coarseFloor: number,
  fineFloor?: number,
): void {
  const { fine, open, settled } = tables;
  if (fineFloor !== undefined && fine !== undefined) {
    fine.prune(fineFloor);
    if (open !== undefined) settleClosed(open, settled, fine.floor, BUCKET_WIDTH_SECONDS[layout.coarseWidth]);
  }
  open?.prune(coarseFloor);
  settled.prune(coarseFloor);
}

export function trimTables(tables: LedgerTables): void {
  for (const table of present(tables)) table.trim();
}

/**
 * Where the rows of a bucket that is counted go, or undefined when none of their values is: a
 * category without counter fields (the settled table's stride is the number of counter fields), a
 * minute of an hour that has settled, or of a category whose minutes need not add up to the hour,
 * where only the hour is counted (child sums an older release saved still take part in
 * max(own, childSum), so nothing counted is counted again). A coarse bucket none of whose fine
 * buckets can still arrive goes straight to the settled table.
 */
export function rowTarget(
  tables: LedgerTables,
  layout: LedgerLayout,
  bucket: Bucket,
  isFine: boolean,
  slots: number,
): RowTarget | undefined {
  const coarseSeconds = BUCKET_WIDTH_SECONDS[layout.coarseWidth];
  const { fine, open, settled } = tables;
  const expected = bucket.rows.length;
  if (settled.stride === 0) return undefined;
  if (isFine) {
    const coarseStart = floorTo(bucket.startTime, coarseSeconds);
    if (coarseStart < settled.floor || layout.spec.minutesAddUp === false) return undefined;
    const rows = (fine as BucketTable).rows(bucket.startTime, expected, slots);
    return { kind: 'fine', rows, parent: (open as BucketTable).rows(coarseStart, expected, slots) };
  }
  if (open !== undefined && fine !== undefined && bucket.startTime + coarseSeconds > fine.floor) {
    return { kind: 'open', rows: open.rows(bucket.startTime, expected, slots) };
  }
  return { kind: 'settled', rows: settled.rows(bucket.startTime, expected, slots) };
}

/** True when a coarse bucket is tracked: held already, or still reachable by fine answers. */
export function tracksCoarse(tables: LedgerTables, layout: LedgerLayout, start: number): boolean {
  const { fine, open, settled } = tables;
  if (fine !== undefined && start + BUCKET_WIDTH_SECONDS[layout.coarseWidth] > fine.floor) return true;
  return settled.get(start) !== undefined || open?.get(start) !== undefined;
}

export function coarseStarts(tables: LedgerTables): number[] {
  const starts = new Set([...tables.settled.starts(), ...(tables.open?.starts() ?? [])]);
  return [...starts].sort((a, b) => a - b);
}

/** Rows and values over all tables: what a copy of them takes. */
export function tableSizes(tables: LedgerTables): { rows: number; values: number } {
  const all = present(tables);
  return {
    rows: all.reduce((sum, table) => sum + table.size, 0),
    values: all.reduce((sum, table) => sum + table.valueCount, 0),
  };
}

/** Calls `visit(slot, values, offset, childOffset)` per row of one coarse bucket; childOffset -1 when settled. */
export type CountedRowVisitor = (
  slot: number,
  values: Float64Array,
  offset: number,
  childOffset: number,
) => void;

/**
 * Every row of one coarse bucket with where its counter values are: counted is max(own, child sum)
 * per counter, own at `offset + k` and the child sum at `childOffset + k` (none when settled).
 */
export function visitCoarseRows(
  tables: LedgerTables,
  counters: number,
  start: number,
  visit: CountedRowVisitor,
): void {
  const open = tables.open?.get(start);
  for (let row = 0; open !== undefined && row < open.count; row++) {
    visit(open.slotAt(row), open.values, row * 2 * counters, row * 2 * counters + counters);
  }
  const settled = tables.settled.get(start);
  for (let row = 0; settled !== undefined && row < settled.count; row++) {
    visit(settled.slotAt(row), settled.values, row * counters, -1);
  }
}

/** The counted value (max of own and child sum) of one coarse bucket, added per exported series. */
export function addCountedInCoarse(
  tables: LedgerTables,
  ledger: {
    readonly series: SeriesIndex;
    readonly counterFields: readonly number[];
    readonly fieldCount: number;
  },
  start: number,
  into: Map<number, Float64Array>,
): void {
  const counters = ledger.counterFields;
  const c = counters.length;
  visitCoarseRows(tables, c, start, (slot, values, offset, childOffset) => {
    const exported = ledger.series.exportOf(slot);
    let sum = into.get(exported);
    if (sum === undefined) {
      sum = new Float64Array(ledger.fieldCount);
      into.set(exported, sum);
    }
    for (let k = 0; k < c; k++) {
      const counted = Math.max(
        values[offset + k] as number,
        childOffset < 0 ? 0 : (values[childOffset + k] as number),
      );
      const field = counters[k] as number;
      sum[field] = (sum[field] as number) + counted;
    }
  });
}
