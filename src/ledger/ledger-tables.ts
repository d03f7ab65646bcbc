// The three bucket tables of a ledger (see category-ledger.ts for why there are three), and what
// is asked of them together.

import { BucketTable } from './bucket-table.js';
import type { LedgerLayout } from './category-layout.js';
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
  coarseSeconds: number,
  coarseFloor: number,
  fineFloor?: number,
): void {
  const { fine, open, settled } = tables;
  if (fineFloor !== undefined && fine !== undefined) {
    fine.prune(fineFloor);
    if (open !== undefined) settleClosed(open, settled, fine.floor, coarseSeconds);
  }
  open?.prune(coarseFloor);
  settled.prune(coarseFloor);
}

export function trimTables(tables: LedgerTables): void {
  for (const table of present(tables)) table.trim();
}

/** True when a coarse bucket is tracked: held already, or still reachable by fine answers. */
export function tracksCoarse(tables: LedgerTables, coarseSeconds: number, start: number): boolean {
  const { fine, open, settled } = tables;
  if (fine !== undefined && start + coarseSeconds > fine.floor) return true;
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
  const add = (slot: number, values: Float64Array, offset: number, childOffset: number) => {
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
  };
  const open = tables.open?.get(start);
  for (let row = 0; open !== undefined && row < open.count; row++) {
    add(open.slotAt(row), open.values, row * 2 * c, row * 2 * c + c);
  }
  const settled = tables.settled.get(start);
  for (let row = 0; settled !== undefined && row < settled.count; row++) {
    add(settled.slotAt(row), settled.values, row * c, -1);
  }
}
