// Everything a ledger holds that a save keeps: what a new ledger starts from, what a state file
// restores, and what a save copies.

import { fieldIndexes, type LedgerLayout } from './category-layout.js';
import { emptyTables, type LedgerTables, tableSizes } from './ledger-tables.js';
import { SeriesIndex } from './series-index.js';

export interface LedgerContent {
  readonly series: SeriesIndex;
  /** Exported series × field, flattened; longer than needed, so series can be added in place. */
  readonly totals: Float64Array;
  /** One per field: set once the field was present in any answer. */
  readonly fieldSeen: Uint8Array;
  /** The newest level per exported series × field, for gauge fields. */
  readonly gauges: Map<number, Float64Array>;
  readonly countedSince: number | undefined;
  readonly newestBucketEnd: number | undefined;
  readonly tables: LedgerTables;
  /**
   * Per exported series, the unit of the fields with a `unitFrom`: the last one the upstream
   * named (answers naming none keep it). Undefined until a row named one, e.g. after restoring a
   * file written before units; rendered as `unit=""` then.
   */
  readonly units: (string | undefined)[];
}

export function emptyContent(layout: LedgerLayout): LedgerContent {
  const fieldCount = layout.spec.fields.length;
  return {
    series: new SeriesIndex(layout.labelNames.length, layout.seriesLimit),
    totals: new Float64Array(64 * fieldCount),
    fieldSeen: new Uint8Array(fieldCount),
    gauges: new Map(),
    countedSince: undefined,
    newestBucketEnd: undefined,
    tables: emptyTables(layout, fieldIndexes(layout.spec, 'counter').length),
    units: [],
  };
}

/** The typed-array values and slot numbers a frozen copy of the content takes. */
export function copySize(content: LedgerContent): { floats: number; ints: number } {
  const tables = tableSizes(content.tables);
  return {
    // One seen flag per field, so its length is the field count.
    floats: content.series.exportedCount * content.fieldSeen.length + tables.values,
    ints: content.series.slotCount + tables.rows,
  };
}
