// The exactness core. Each counter must grow by the final total of every bucket exactly once,
// although buckets keep growing after they end and the same usage is visible at two widths.
//
// Per label set and coarse bucket C (an hour for usage, a day for costs) we keep
//   own(C)      the latest value the upstream gave for C itself,
//   childSum(C) the sum of the latest values of its fine buckets (minutes), if any,
// and count max(own, childSum). Both only grow and both end at C's final total, so their
// maximum reaches it exactly once however the two polls interleave. Counters receive only the
// increase of that maximum; a value that goes down is reported, never subtracted.
//
// Once every fine bucket of C has left the fine window, childSum can no longer change, so C is
// settled: only counted = max(own, childSum) is kept, and a later answer v adds max(0, v - counted),
// which is exactly what the pair would add. Ledgers without a fine width only hold settled buckets.
// Only counter fields are stored; gauges are levels (see gauge-levels.ts).

import { BUCKET_WIDTH_SECONDS, type BucketWidth, type CategorySpec } from '../catalog/categories.js';
import type { Bucket, BucketRow } from '../domain/bucket.js';
import { BucketTable } from './bucket-table.js';
import { type CopyArena, NO_ARENA } from './copy-arena.js';
import { LedgerRejectedError } from './errors.js';
import { FrozenLedger } from './frozen-ledger.js';
import { type GaugeOrigin, gaugeUpdate } from './gauge-levels.js';
import { validateBuckets } from './ingest-checks.js';
import { decodeLedger, encodeLedger, type LedgerTables } from './ledger-codec.js';
import type { LedgerSnapshot, SavedLedger } from './ledger-snapshot.js';
import { OTHER_LABEL_VALUE, SeriesIndex } from './series-index.js';
import { settleClosed } from './settle.js';

export interface IngestOutcome {
  /** Rows whose value went below one already seen for the same bucket and label set. */
  readonly downwardRevisions: number;
  /** Buckets older than what the ledger still tracks; already final, so ignored. */
  readonly staleBuckets: number;
  readonly changed: boolean;
}

export interface IngestOptions {
  /** The latest fine poll failed or none has succeeded yet, so a coarse answer sets the gauges. */
  readonly fineFailing?: boolean;
  /**
   * A coarse bucket starting before this that the ledger does not track yet is only observed: its
   * values are recorded as already counted (so gauges built from the buckets see them and later
   * answers add only growth) without reaching the counters or moving `countedSince`. That is how
   * a gap longer than the backfill limit is skipped.
   */
  readonly countFrom?: number;
}

export interface LedgerLayout {
  readonly spec: CategorySpec;
  readonly labelNames: readonly string[];
  /** Width of the buckets that carry the counted totals (1h for usage, 1d for costs). */
  readonly coarseWidth: BucketWidth;
  /** Optional finer width whose buckets roll up into the coarse ones (1m for usage). */
  readonly fineWidth?: BucketWidth;
  readonly seriesLimit: number;
}

export class CategoryLedger {
  readonly fieldCount: number;
  readonly series: SeriesIndex;
  /** Counter fields by index into `spec.fields`; gauge fields are not accumulated. */
  readonly counterFields: readonly number[];
  readonly gaugeFields: readonly number[];
  /** Set once a field was present in any answer; fields never sent are not exported. */
  readonly fieldSeen: Uint8Array;
  /** Exported series × field, flattened. */
  totals: Float64Array;
  /** The newest level per exported series × field, for gauge fields. */
  gauges = new Map<number, Float64Array>();
  private gaugeOrigin: GaugeOrigin | undefined;
  /**
   * Per exported series, the unit of the fields with a `unitFrom`: the last one the upstream
   * named (answers naming none keep it). Undefined until a row named one, e.g. after restoring a
   * file written before units; rendered as `unit=""` then.
   */
  units: (string | undefined)[] = [];
  /** Start of the earliest bucket the counters include; undefined before the first ingest. */
  countedSince: number | undefined;
  /** End of the newest bucket seen, capped at the time it was seen. */
  newestBucketEnd: number | undefined;
  /** Increases whenever anything exported changes, so renderers can skip untouched categories. */
  revision = 0;
  protected tables: LedgerTables;
  private readonly coarseSeconds: number;
  /** Rows revised downwards during the current ingest. */
  private downward = 0;

  constructor(
    readonly layout: LedgerLayout,
    series?: SeriesIndex,
  ) {
    this.fieldCount = layout.spec.fields.length;
    this.series = series ?? new SeriesIndex(layout.labelNames.length, layout.seriesLimit);
    this.counterFields = indexesOf(layout.spec, 'counter');
    this.gaugeFields = indexesOf(layout.spec, 'gauge');
    this.fieldSeen = new Uint8Array(this.fieldCount);
    this.totals = new Float64Array(64 * this.fieldCount);
    this.coarseSeconds = BUCKET_WIDTH_SECONDS[layout.coarseWidth];
    const counters = this.counterFields.length;
    this.tables = {
      settled: new BucketTable(counters),
      open: layout.fineWidth === undefined ? undefined : new BucketTable(2 * counters),
      fine: layout.fineWidth === undefined ? undefined : new BucketTable(counters),
    };
  }

  ingest(
    width: BucketWidth,
    buckets: readonly Bucket[],
    nowSeconds: number,
    options: IngestOptions = {},
  ): IngestOutcome {
    const countFrom = options.countFrom ?? Number.NEGATIVE_INFINITY;
    const isFine = width === this.layout.fineWidth;
    if (!isFine && width !== this.layout.coarseWidth) {
      throw new LedgerRejectedError(`${this.layout.spec.id} does not track ${width} buckets`);
    }
    validateBuckets(this.layout, width, buckets);
    const floor = isFine ? (this.tables.fine as BucketTable).floor : this.tables.settled.floor;
    this.downward = 0;
    let result = 0;
    let staleBuckets = 0;
    for (const bucket of buckets) {
      if (bucket.startTime < floor) {
        staleBuckets += 1;
        continue;
      }
      if (!isFine && bucket.startTime < countFrom && !this.tracks(bucket.startTime)) {
        result |= this.observeCoarse(bucket) | this.noteUnits(bucket);
        continue;
      }
      if (this.countedSince === undefined || bucket.startTime < this.countedSince) {
        this.countedSince = bucket.startTime;
        result |= CHANGED;
      }
      result |= this.noteUnits(bucket);
      const seenEnd = Math.min(bucket.endTime, nowSeconds);
      if (this.newestBucketEnd === undefined || seenEnd > this.newestBucketEnd)
        this.newestBucketEnd = seenEnd;
      result |= isFine ? this.ingestFine(bucket) : this.ingestCoarse(bucket);
    }
    if (this.gaugeFields.length > 0) {
      const fineFailing = options.fineFailing === true;
      const update = gaugeUpdate(this, buckets, isFine, this.gaugeOrigin, fineFailing);
      if (update !== undefined) {
        if (update.gauges.size > 0 || this.gauges.size > 0) result |= CHANGED;
        this.gauges = update.gauges;
        this.gaugeOrigin = update.origin;
      }
    }
    for (const table of [this.tables.fine, this.tables.open, this.tables.settled]) table?.trim();
    if (result & CHANGED) this.revision += 1;
    return { downwardRevisions: this.downward, staleBuckets, changed: (result & CHANGED) !== 0 };
  }

  /** Forgets buckets that start before the given times; their totals stay in the counters. */
  prune(coarseFloor: number, fineFloor?: number): void {
    const { fine, open, settled } = this.tables;
    if (fineFloor !== undefined && fine !== undefined) {
      fine.prune(fineFloor);
      if (open !== undefined) settleClosed(open, settled, fine.floor, this.coarseSeconds);
    }
    open?.prune(coarseFloor);
    settled.prune(coarseFloor);
  }

  /** Bucket starts below which answers are ignored (undefined while nothing was pruned). */
  floors(): { coarse: number | undefined; fine: number | undefined } {
    const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);
    return { coarse: finite(this.tables.settled.floor), fine: finite(this.tables.fine?.floor) };
  }

  /** The counted value (max of own and child sum) of one coarse bucket, per exported series. */
  countedInCoarse(start: number, into: Map<number, Float64Array>): void {
    const counters = this.counterFields;
    const c = counters.length;
    const add = (slot: number, values: Float64Array, offset: number, childOffset: number) => {
      const exported = this.series.exportOf(slot);
      let sum = into.get(exported);
      if (sum === undefined) {
        sum = new Float64Array(this.fieldCount);
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
    const open = this.tables.open?.get(start);
    for (let row = 0; open !== undefined && row < open.count; row++) {
      add(open.slotAt(row), open.values, row * 2 * c, row * 2 * c + c);
    }
    const settled = this.tables.settled.get(start);
    for (let row = 0; settled !== undefined && row < settled.count; row++) {
      add(settled.slotAt(row), settled.values, row * c, -1);
    }
  }

  /**
   * The fine (1-minute) buckets the ledger still holds, with the latest value seen per label set
   * as the upstream gave it (not folded into `__other__`); fields that are not counters are NaN.
   * Lazy: a reader that stops early copies nothing more.
   */
  *fineBuckets(): Generator<Bucket> {
    const { fine } = this.tables;
    const width = this.layout.fineWidth;
    if (fine === undefined || width === undefined) return;
    const seconds = BUCKET_WIDTH_SECONDS[width];
    const counters = this.counterFields;
    const c = counters.length;
    for (const start of fine.starts()) {
      const bucket = fine.get(start);
      if (bucket === undefined) continue;
      const rows: BucketRow[] = [];
      for (let row = 0; row < bucket.count; row++) {
        const values = new Array<number>(this.fieldCount).fill(Number.NaN);
        for (let k = 0; k < c; k++) values[counters[k] as number] = bucket.values[row * c + k] as number;
        rows.push({ labels: this.series.labelsOf(bucket.slotAt(row)), values });
      }
      yield { startTime: start, endTime: start + seconds, rows };
    }
  }

  coarseStarts(): number[] {
    const starts = new Set([...this.tables.settled.starts(), ...(this.tables.open?.starts() ?? [])]);
    return [...starts].sort((a, b) => a - b);
  }

  trackedRows(): number {
    const { fine, open, settled } = this.tables;
    return settled.size + (open?.size ?? 0) + (fine?.size ?? 0);
  }

  snapshot(): LedgerSnapshot {
    return encodeLedger(this, this.tables);
  }

  /**
   * The same content as `snapshot()`, copied now and spelled as JSON later, in pieces. The copy
   * goes into `arena` while it has room (see `copySize`).
   */
  frozen(arena: CopyArena = NO_ARENA): FrozenLedger {
    return new FrozenLedger(this, this.tables, arena);
  }

  /** The typed-array values and slot numbers a frozen copy takes now. */
  copySize(): { floats: number; ints: number } {
    const { fine, open, settled } = this.tables;
    const tables = [fine, open, settled].filter((table) => table !== undefined);
    return {
      floats:
        this.series.exportedCount * this.fieldCount +
        tables.reduce((sum, table) => sum + table.valueCount, 0),
      ints: this.series.slotCount + tables.reduce((sum, table) => sum + table.size, 0),
    };
  }

  /**
   * Rebuilds a ledger from a snapshot taken with an equivalent layout (the same set of labels in any
   * order, fields matched by name). A snapshot taken with another set of labels cannot be mapped
   * onto the new label sets, so it is refused and the caller starts fresh.
   */
  static restore(layout: LedgerLayout, snapshot: SavedLedger): CategoryLedger {
    const decoded = decodeLedger(layout, snapshot);
    const ledger = new CategoryLedger(layout, decoded.series);
    ledger.totals = decoded.totals;
    ledger.fieldSeen.set(decoded.fieldSeen);
    ledger.gauges = decoded.gauges;
    ledger.countedSince = decoded.countedSince;
    ledger.newestBucketEnd = decoded.newestBucketEnd;
    ledger.tables = decoded.tables;
    ledger.units = decoded.units;
    return ledger;
  }

  private ingestFine(bucket: Bucket): number {
    const fine = this.tables.fine as BucketTable;
    const open = this.tables.open as BucketTable;
    const settled = this.tables.settled;
    const coarseStart = floorTo(bucket.startTime, this.coarseSeconds);
    if (coarseStart < settled.floor) return this.onlyLabels(bucket);
    const counters = this.counterFields;
    const c = counters.length;
    // Where minutes need not add up to the hour, only the hour is counted. Child sums an older
    // release saved still take part in max(own, childSum), so nothing counted is counted again.
    if (c === 0 || this.layout.spec.minutesAddUp === false) return this.onlyLabels(bucket);
    const expected = bucket.rows.length;
    const slots = this.series.slotCount;
    const own = fine.rows(bucket.startTime, expected, slots);
    const parent = open.rows(coarseStart, expected, slots);
    let result = 0;
    for (const row of bucket.rows) {
      const slot = this.series.slotFor(row.labels);
      const exportedBase = this.totalsOffset(slot);
      const ownOffset = own.offsetOf(slot);
      const parentOffset = parent.offsetOf(slot);
      const ownValues = own.values;
      const parentValues = parent.values;
      const values = row.values;
      for (let k = 0; k < c; k++) {
        const field = counters[k] as number;
        const value = values[field] as number;
        if (Number.isNaN(value)) continue;
        this.fieldSeen[field] = 1;
        const previous = ownValues[ownOffset + k] as number;
        if (value <= previous) {
          if (value < previous) result |= DOWNWARD;
          continue;
        }
        ownValues[ownOffset + k] = value;
        const parentOwn = parentValues[parentOffset + k] as number;
        const childBefore = parentValues[parentOffset + c + k] as number;
        const childAfter = childBefore + (value - previous);
        parentValues[parentOffset + c + k] = childAfter;
        const before = Math.max(parentOwn, childBefore);
        const after = Math.max(parentOwn, childAfter);
        if (after > before) {
          this.totals[exportedBase + field] =
            (this.totals[exportedBase + field] as number) + (after - before);
          result |= CHANGED;
        }
      }
      if (result & DOWNWARD) {
        this.downward += 1;
        result &= ~DOWNWARD;
      }
    }
    return result;
  }

  private ingestCoarse(bucket: Bucket): number {
    const { fine, open, settled } = this.tables;
    // A bucket none of whose fine buckets can still arrive goes straight to the settled table.
    const isOpen =
      open !== undefined && fine !== undefined && bucket.startTime + this.coarseSeconds > fine.floor;
    const counters = this.counterFields;
    const c = counters.length;
    if (c === 0) return this.onlyLabels(bucket);
    const expected = bucket.rows.length;
    const slots = this.series.slotCount;
    const table = isOpen
      ? open.rows(bucket.startTime, expected, slots)
      : settled.rows(bucket.startTime, expected, slots);
    let result = 0;
    for (const row of bucket.rows) {
      const slot = this.series.slotFor(row.labels);
      const exportedBase = this.totalsOffset(slot);
      const offset = table.offsetOf(slot);
      const stored = table.values;
      const values = row.values;
      for (let k = 0; k < c; k++) {
        const field = counters[k] as number;
        const value = values[field] as number;
        if (Number.isNaN(value)) continue;
        this.fieldSeen[field] = 1;
        const previous = stored[offset + k] as number;
        if (value <= previous) {
          if (value < previous) result |= DOWNWARD;
          continue;
        }
        stored[offset + k] = value;
        const before = isOpen ? Math.max(previous, stored[offset + c + k] as number) : previous;
        if (value > before) {
          this.totals[exportedBase + field] =
            (this.totals[exportedBase + field] as number) + (value - before);
          result |= CHANGED;
        }
      }
      if (result & DOWNWARD) {
        this.downward += 1;
        result &= ~DOWNWARD;
      }
    }
    return result;
  }

  private noteUnits(bucket: Bucket): number {
    let result = 0;
    for (const row of bucket.rows) {
      if (row.unit === undefined) continue;
      const exported = this.series.exportOf(this.series.slotFor(row.labels));
      // The series past the limit sums label sets of any unit: its unit is as unknown as its labels.
      const unit =
        this.series.exportedLabels(exported)[0] === OTHER_LABEL_VALUE ? OTHER_LABEL_VALUE : row.unit;
      if (this.units[exported] !== unit) {
        this.units[exported] = unit;
        result = CHANGED;
      }
    }
    return result;
  }

  /** Only settled buckets (none of their fine buckets can still arrive) can be observed. */
  private tracks(coarseStart: number): boolean {
    const { fine, open, settled } = this.tables;
    if (fine !== undefined && coarseStart + this.coarseSeconds > fine.floor) return true;
    return settled.get(coarseStart) !== undefined || open?.get(coarseStart) !== undefined;
  }

  /** Records a bucket's values as counted without adding them to the counters (see `ingest`). */
  private observeCoarse(bucket: Bucket): number {
    const counters = this.counterFields;
    const c = counters.length;
    if (c === 0) return this.onlyLabels(bucket);
    const table = this.tables.settled.rows(bucket.startTime, bucket.rows.length, this.series.slotCount);
    for (const row of bucket.rows) {
      const slot = this.series.slotFor(row.labels);
      this.totalsOffset(slot);
      const offset = table.offsetOf(slot);
      for (let k = 0; k < c; k++) {
        const value = row.values[counters[k] as number] as number;
        if (Number.isNaN(value)) continue;
        this.fieldSeen[counters[k] as number] = 1;
        table.values[offset + k] = Math.max(table.values[offset + k] as number, value);
      }
    }
    return CHANGED;
  }

  /** Label sets are still interned where no value is counted, so every category reports its series alike. */
  private onlyLabels(bucket: Bucket): number {
    for (const row of bucket.rows) this.series.slotFor(row.labels);
    return 0;
  }

  /** Offset of a slot's exported series in `totals`, growing it as series appear. */
  private totalsOffset(slot: number): number {
    const offset = this.series.exportOf(slot) * this.fieldCount;
    if (offset + this.fieldCount > this.totals.length) {
      const grown = new Float64Array(Math.max(this.totals.length * 2, offset + this.fieldCount));
      grown.set(this.totals);
      this.totals = grown;
    }
    return offset;
  }
}

const CHANGED = 1;
const DOWNWARD = 2;

export function floorTo(seconds: number, width: number): number {
  return seconds - (((seconds % width) + width) % width);
}

function indexesOf(spec: CategorySpec, kind: 'counter' | 'gauge'): number[] {
  const indexes: number[] = [];
  spec.fields.forEach((field, index) => {
    if (field.kind === kind) indexes.push(index);
  });
  return indexes;
}
