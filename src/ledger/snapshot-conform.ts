// Maps a ledger saved under an equivalent layout onto the configured one before it is decoded.
// A Prometheus series is a set of labels, so a reordered group_by names the same series: the saved
// label sets are permuted, not thrown away. Fields are matched by name: one the saving release did
// not know starts unseen (zeros), one the catalog no longer has is dropped. Anything else (another
// set of labels) is refused, and the caller decides what to do.

import type { BucketTableSnapshot } from './bucket-table.js';
import type { LedgerLayout } from './category-layout.js';
import { LedgerRejectedError } from './errors.js';
import type { LegacyTableSnapshot, SavedLedger } from './ledger-snapshot.js';
import type { SeriesIndexSnapshot } from './series-index.js';

/** True when both lists hold the same labels, in any order. */
export function sameLabelSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && new Set(a).size === a.length && b.every((label) => a.includes(label));
}

export function conformSnapshot(layout: LedgerLayout, snapshot: SavedLedger): SavedLedger {
  if (!Array.isArray(snapshot.labelNames) || !sameLabelSet(snapshot.labelNames, layout.labelNames)) {
    throw new LedgerRejectedError(`saved ${snapshot.category} state was grouped by other labels`);
  }
  return conformFields(layout, permuteLabels(layout, snapshot));
}

function permuteLabels(layout: LedgerLayout, snapshot: SavedLedger): SavedLedger {
  const saved = snapshot.labelNames;
  if (layout.labelNames.every((label, i) => saved[i] === label)) return snapshot;
  const from = layout.labelNames.map((label) => saved.indexOf(label));
  const permute = (labels: readonly string[]) => from.map((i) => labels[i] as string);
  const series: SeriesIndexSnapshot = {
    ...snapshot.series,
    labelSets: snapshot.series.labelSets.map(permute),
    ...(snapshot.series.exportedLabels === undefined
      ? {}
      : { exportedLabels: snapshot.series.exportedLabels.map(permute) }),
  };
  return { ...snapshot, labelNames: layout.labelNames, series };
}

function conformFields(layout: LedgerLayout, snapshot: SavedLedger): SavedLedger {
  const fields = layout.spec.fields.map((spec) => spec.field);
  const saved = snapshot.fields;
  if (fields.length === saved.length && fields.every((field, i) => saved[i] === field)) return snapshot;
  const from = fields.map((field) => saved.indexOf(field));
  const s = saved.length;
  if (s === 0 || snapshot.totals.length % s !== 0) {
    throw new LedgerRejectedError('saved totals do not match the saved fields');
  }
  const common = {
    fields,
    totals: remapRows(snapshot.totals, s, [from]),
    fieldSeen: from.map((i) => (i < 0 ? 0 : (snapshot.fieldSeen[i] ?? 0))),
    gauges: snapshot.gauges.map(([index, values]) => [index, pick(values, from)] as const),
  };
  if (snapshot.encoding === undefined) {
    // The first encoding kept every field in each row: coarse rows own values then child sums.
    return {
      ...snapshot,
      ...common,
      coarse: remapLegacy(snapshot.coarse, 2 * s, [from, from.map((i) => (i < 0 ? -1 : s + i))]),
      fine: snapshot.fine === null ? null : remapLegacy(snapshot.fine, s, [from]),
    };
  }
  // Columnar tables keep counter fields only, in the saved field order.
  const savedCounters = savedCounterFields(layout, snapshot);
  const c = savedCounters.length;
  const counterFrom = layout.spec.fields
    .filter((spec) => spec.kind === 'counter')
    .map((spec) => savedCounters.indexOf(spec.field));
  const childFrom = counterFrom.map((i) => (i < 0 ? -1 : c + i));
  return {
    ...snapshot,
    ...common,
    settled: remapTable(snapshot.settled, c, [counterFrom]),
    open: snapshot.open === null ? null : remapTable(snapshot.open, 2 * c, [counterFrom, childFrom]),
    fine: snapshot.fine === null ? null : remapTable(snapshot.fine, c, [counterFrom]),
  };
}

/**
 * The saved counter columns: saved fields the catalog knows as counters, plus (when the tables are
 * that wide) the saved fields it no longer knows, which can only have been counters to be stored.
 */
function savedCounterFields(layout: LedgerLayout, snapshot: SavedLedger & { encoding: string }): string[] {
  const kinds = new Map(layout.spec.fields.map((spec) => [spec.field, spec.kind]));
  const known = snapshot.fields.filter((field) => kinds.get(field) === 'counter');
  const withUnknown = snapshot.fields.filter((field) => kinds.get(field) !== 'gauge');
  const widths = new Set<number>();
  const observe = (table: BucketTableSnapshot | null, perCounter: number) => {
    for (const [, slots, values] of table?.buckets ?? []) {
      if (slots.length > 0) widths.add(values.length / slots.length / perCounter);
    }
  };
  observe(snapshot.settled, 1);
  observe(snapshot.fine, 1);
  observe(snapshot.open, 2);
  if (widths.size === 0 || widths.has(known.length)) return widths.size > 1 ? reject() : known;
  if (widths.size === 1 && widths.has(withUnknown.length)) return withUnknown;
  return reject();
}

function reject(): never {
  throw new LedgerRejectedError('saved value tables do not match the saved fields');
}

/** Rows of `width` values become rows of the concatenated `from` lists (-1 gives a zero). */
function remapRows(values: readonly number[], width: number, from: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (let offset = 0; offset < values.length; offset += width) {
    for (const list of from) for (const i of list) out.push(i < 0 ? 0 : (values[offset + i] as number));
  }
  return out;
}

function pick(values: readonly number[], from: readonly number[]): number[] {
  return from.map((i) => (i < 0 ? 0 : (values[i] ?? 0)));
}

function remapTable(
  table: BucketTableSnapshot,
  width: number,
  from: readonly (readonly number[])[],
): BucketTableSnapshot {
  return {
    floor: table.floor,
    buckets: table.buckets.map(([start, slots, values]) => {
      if (values.length !== slots.length * width) reject();
      return [start, slots, remapRows(values, width, from)] as const;
    }),
  };
}

function remapLegacy(
  table: LegacyTableSnapshot,
  width: number,
  from: readonly (readonly number[])[],
): LegacyTableSnapshot {
  const row = ([slot, ...values]: readonly number[]) => {
    if (values.length !== width) reject();
    return [slot as number, ...from.flatMap((list) => pick(values, list))];
  };
  return {
    floor: table.floor,
    buckets: table.buckets.map(([start, rows]) => [start, rows.map(row)] as const),
  };
}
