// Ledger ⇄ snapshot. Restoring first maps an equivalent layout (reordered labels, other fields)
// onto the configured one, checks everything a hand-edited or foreign file could get wrong, and
// converts the first encoding (one array per row over every field) on the way in.

import { BUCKET_WIDTH_SECONDS } from '../catalog/categories.js';
import { BucketTable, type BucketTableSnapshot, plainNumbers } from './bucket-table.js';
import { fieldIndexes, type LedgerLayout } from './category-layout.js';
import { LedgerRejectedError } from './errors.js';
import type { LedgerContent } from './ledger-content.js';
import {
  LEDGER_ENCODING,
  type LedgerSnapshot,
  type LegacyLedgerSnapshot,
  type LegacyTableSnapshot,
  type SavedLedger,
} from './ledger-snapshot.js';
import type { LedgerTables } from './ledger-tables.js';
import { SeriesIndex } from './series-index.js';
import { settleClosed } from './settle.js';
import { conformSnapshot } from './snapshot-conform.js';

export function encodeLedger(layout: LedgerLayout, ledger: LedgerContent): LedgerSnapshot {
  const { tables } = ledger;
  const exported = ledger.series.exportedCount;
  const units = ledger.units.flatMap((unit, index) => (unit === undefined ? [] : [[index, unit] as const]));
  return {
    encoding: LEDGER_ENCODING,
    category: layout.spec.id,
    labelNames: layout.labelNames,
    fields: layout.spec.fields.map((field) => field.field),
    series: ledger.series.snapshot(),
    totals: plainNumbers(ledger.totals, exported * layout.spec.fields.length),
    fieldSeen: Array.from(ledger.fieldSeen),
    gauges: [...ledger.gauges].map(([index, values]) => [index, Array.from(values)] as const),
    countedSince: ledger.countedSince ?? null,
    newestBucketEnd: ledger.newestBucketEnd ?? null,
    // Only categories whose answers name units have the key, so the others save what they always did.
    ...(units.length === 0 ? {} : { units }),
    open: tables.open?.snapshot() ?? null,
    settled: tables.settled.snapshot(),
    fine: tables.fine?.snapshot() ?? null,
  };
}

export function decodeLedger(layout: LedgerLayout, saved: SavedLedger): LedgerContent {
  const snapshot = conformSnapshot(layout, saved);
  const fields = layout.spec.fields.map((field) => field.field);
  if (snapshot.category !== layout.spec.id || !sameList(snapshot.labelNames, layout.labelNames)) {
    throw new LedgerRejectedError(`saved ${snapshot.category} state was grouped by other labels`);
  }
  if (!sameList(snapshot.fields, fields)) {
    throw new LedgerRejectedError(`saved ${snapshot.category} state has other fields`);
  }
  const series = SeriesIndex.restore(snapshot.series, layout.labelNames.length, layout.seriesLimit);
  if (snapshot.totals.length !== series.exportedCount * fields.length) {
    throw new LedgerRejectedError('saved totals do not match the saved series');
  }
  if (snapshot.totals.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new LedgerRejectedError('saved totals are not finite non-negative numbers');
  }
  const totals = new Float64Array(Math.max(64, series.exportedCount) * fields.length);
  totals.set(snapshot.totals);
  const tables =
    snapshot.encoding === LEDGER_ENCODING
      ? columnarTables(layout, snapshot, series.slotCount)
      : legacyTables(layout, snapshot, series.slotCount);
  if (tables.open !== undefined && tables.fine !== undefined) {
    settleClosed(tables.open, tables.settled, tables.fine.floor, BUCKET_WIDTH_SECONDS[layout.coarseWidth]);
  }
  // One flag per configured field, whatever length the file gave.
  const fieldSeen = new Uint8Array(fields.length);
  fieldSeen.set(snapshot.fieldSeen.slice(0, fields.length));
  return {
    series,
    totals,
    fieldSeen,
    gauges: new Map(snapshot.gauges.map(([index, values]) => [index, Float64Array.from(values)])),
    countedSince: snapshot.countedSince ?? undefined,
    newestBucketEnd: snapshot.newestBucketEnd ?? undefined,
    tables,
    units: decodeUnits(snapshot.units, series.exportedCount),
  };
}

function columnarTables(layout: LedgerLayout, snapshot: LedgerSnapshot, slots: number): LedgerTables {
  const c = fieldIndexes(layout.spec, 'counter').length;
  const hasFine = layout.fineWidth !== undefined;
  return {
    settled: BucketTable.restore(snapshot.settled, c, slots),
    open: hasFine ? BucketTable.restore(snapshot.open ?? EMPTY, 2 * c, slots) : undefined,
    fine: hasFine ? BucketTable.restore(snapshot.fine ?? EMPTY, c, slots) : undefined,
  };
}

/** First encoding: coarse rows are `[slot, own × fields, childSum × fields]`, fine rows `[slot, value × fields]`. */
function legacyTables(layout: LedgerLayout, snapshot: LegacyLedgerSnapshot, slots: number): LedgerTables {
  const counters = fieldIndexes(layout.spec, 'counter');
  const f = layout.spec.fields.length;
  const c = counters.length;
  const hasFine = layout.fineWidth !== undefined;
  const coarse = hasFine ? new BucketTable(2 * c) : new BucketTable(c);
  eachLegacyRow(snapshot.coarse, 2 * f, slots, (start, slot, vector) => {
    const rows = coarse.rows(start);
    const offset = rows.offsetOf(slot);
    counters.forEach((field, k) => {
      const own = vector[field] as number;
      const child = vector[f + field] as number;
      if (hasFine) {
        rows.values[offset + k] = own;
        rows.values[offset + c + k] = child;
      } else {
        rows.values[offset + k] = Math.max(own, child);
      }
    });
  });
  coarse.floor = snapshot.coarse.floor ?? Number.NEGATIVE_INFINITY;
  if (!hasFine) return { settled: coarse, open: undefined, fine: undefined };
  const fine = new BucketTable(c);
  if (snapshot.fine !== null) {
    eachLegacyRow(snapshot.fine, f, slots, (start, slot, vector) => {
      const rows = fine.rows(start);
      const offset = rows.offsetOf(slot);
      counters.forEach((field, k) => {
        rows.values[offset + k] = vector[field] as number;
      });
    });
    fine.floor = snapshot.fine.floor ?? Number.NEGATIVE_INFINITY;
  }
  const settled = new BucketTable(c);
  settled.floor = coarse.floor;
  return { settled, open: coarse, fine };
}

function eachLegacyRow(
  table: LegacyTableSnapshot,
  length: number,
  slots: number,
  visit: (start: number, slot: number, vector: readonly number[]) => void,
): void {
  for (const [start, rows] of table.buckets) {
    for (const row of rows) {
      const [slot, ...values] = row;
      if (slot === undefined || !Number.isInteger(slot) || slot < 0 || slot >= slots) {
        throw new LedgerRejectedError(`bucket ${start} names an unknown label set`);
      }
      if (values.length !== length || values.some((v) => !Number.isFinite(v))) {
        throw new LedgerRejectedError(`bucket ${start} has a malformed value vector`);
      }
      visit(start, slot, values);
    }
  }
}

/** Units of a file written before they were saved are unknown until the next answer names them. */
function decodeUnits(saved: SavedLedger['units'], exportedCount: number): (string | undefined)[] {
  const units: (string | undefined)[] = [];
  for (const [exported, unit] of saved ?? []) {
    if (
      !Number.isInteger(exported) ||
      exported < 0 ||
      exported >= exportedCount ||
      typeof unit !== 'string'
    ) {
      throw new LedgerRejectedError('saved units do not match the saved series');
    }
    units[exported] = unit;
  }
  return units;
}

const EMPTY: BucketTableSnapshot = { floor: null, buckets: [] };

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
