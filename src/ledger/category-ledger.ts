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

import { BUCKET_WIDTH_SECONDS, type BucketWidth } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import type { BucketTable } from './bucket-table.js';
import { fieldIndexes, type LedgerLayout } from './category-layout.js';
import { type CopyArena, NO_ARENA } from './copy-arena.js';
import { LedgerRejectedError } from './errors.js';
import { floorTo } from './floor-to.js';
import { FrozenLedger } from './frozen-ledger.js';
import { type GaugeOrigin, gaugeUpdate } from './gauge-levels.js';
import { validateBuckets } from './ingest-checks.js';
import { decodeLedger, encodeLedger } from './ledger-codec.js';
import { emptyContent, type LedgerContent } from './ledger-content.js';
import type { LedgerSnapshot, SavedLedger } from './ledger-snapshot.js';
import {
  addCountedInCoarse,
  coarseStarts,
  type LedgerTables,
  pruneTables,
  tableSizes,
  tracksCoarse,
  trimTables,
} from './ledger-tables.js';
import {
  type CounterSink,
  type IngestTally,
  ingestRows,
  noteUnits,
  observeRows,
  type RowTarget,
} from './row-ingest.js';
import type { SeriesIndex } from './series-index.js';

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

export class CategoryLedger implements CounterSink {
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
  gauges: Map<number, Float64Array>;
  private gaugeOrigin: GaugeOrigin | undefined;
  /**
   * Per exported series, the unit of the fields with a `unitFrom`: the last one the upstream
   * named (answers naming none keep it). Undefined until a row named one, e.g. after restoring a
   * file written before units; rendered as `unit=""` then.
   */
  readonly units: (string | undefined)[];
  /** Start of the earliest bucket the counters include; undefined before the first ingest. */
  countedSince: number | undefined;
  /** End of the newest bucket seen, capped at the time it was seen. */
  newestBucketEnd: number | undefined;
  /** Increases whenever anything exported changes, so renderers can skip untouched categories. */
  revision = 0;
  private readonly tables: LedgerTables;
  private readonly coarseSeconds: number;

  /** An empty ledger, or one holding `content` (see `restore`). */
  constructor(
    readonly layout: LedgerLayout,
    content: LedgerContent = emptyContent(layout),
  ) {
    this.fieldCount = layout.spec.fields.length;
    this.counterFields = fieldIndexes(layout.spec, 'counter');
    this.gaugeFields = fieldIndexes(layout.spec, 'gauge');
    this.coarseSeconds = BUCKET_WIDTH_SECONDS[layout.coarseWidth];
    this.series = content.series;
    this.totals = content.totals;
    this.fieldSeen = content.fieldSeen;
    this.gauges = content.gauges;
    this.countedSince = content.countedSince;
    this.newestBucketEnd = content.newestBucketEnd;
    this.tables = content.tables;
    this.units = content.units;
  }

  /**
   * Rebuilds a ledger from a snapshot taken with an equivalent layout (the same set of labels in any
   * order, fields matched by name). A snapshot taken with another set of labels cannot be mapped
   * onto the new label sets, so it is refused and the caller starts fresh.
   */
  static restore(layout: LedgerLayout, snapshot: SavedLedger): CategoryLedger {
    return new CategoryLedger(layout, decodeLedger(layout, snapshot));
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
    const tally: IngestTally = { changed: false, downwardRows: 0 };
    let staleBuckets = 0;
    for (const bucket of buckets) {
      if (bucket.startTime < floor) {
        staleBuckets += 1;
        continue;
      }
      if (
        !isFine &&
        bucket.startTime < countFrom &&
        !tracksCoarse(this.tables, this.coarseSeconds, bucket.startTime)
      ) {
        if (noteUnits(this.series, this.units, bucket)) tally.changed = true;
        this.observe(bucket);
        continue;
      }
      if (this.countedSince === undefined || bucket.startTime < this.countedSince) {
        this.countedSince = bucket.startTime;
        tally.changed = true;
      }
      if (noteUnits(this.series, this.units, bucket)) tally.changed = true;
      const seenEnd = Math.min(bucket.endTime, nowSeconds);
      if (this.newestBucketEnd === undefined || seenEnd > this.newestBucketEnd)
        this.newestBucketEnd = seenEnd;
      const target = isFine ? this.fineTarget(bucket) : this.coarseTarget(bucket);
      if (target === undefined) for (const row of bucket.rows) this.series.slotFor(row.labels);
      else ingestRows(this, bucket, target, tally);
    }
    if (this.gaugeFields.length > 0) {
      const update = gaugeUpdate(this, buckets, isFine, this.gaugeOrigin, options.fineFailing === true);
      if (update !== undefined) {
        if (update.gauges.size > 0 || this.gauges.size > 0) tally.changed = true;
        this.gauges = update.gauges;
        this.gaugeOrigin = update.origin;
      }
    }
    trimTables(this.tables);
    if (tally.changed) this.revision += 1;
    return { downwardRevisions: tally.downwardRows, staleBuckets, changed: tally.changed };
  }

  /** Forgets buckets that start before the given times; their totals stay in the counters. */
  prune(coarseFloor: number, fineFloor?: number): void {
    pruneTables(this.tables, this.coarseSeconds, coarseFloor, fineFloor);
  }

  /** Adds the counted value (max of own and child sum) of one coarse bucket, per exported series. */
  countedInCoarse(start: number, into: Map<number, Float64Array>): void {
    addCountedInCoarse(this.tables, this, start, into);
  }

  coarseStarts(): number[] {
    return coarseStarts(this.tables);
  }

  trackedRows(): number {
    return tableSizes(this.tables).rows;
  }

  snapshot(): LedgerSnapshot {
    return encodeLedger(this.layout, this.content());
  }

  /**
   * The same content as `snapshot()`, copied now and spelled as JSON later, in pieces. The copy
   * goes into `arena` while it has room (see `copySize`).
   */
  frozen(arena: CopyArena = NO_ARENA): FrozenLedger {
    return new FrozenLedger(this.layout, this.content(), arena);
  }

  /** The typed-array values and slot numbers a frozen copy takes now. */
  copySize(): { floats: number; ints: number } {
    const tables = tableSizes(this.tables);
    return {
      floats: this.series.exportedCount * this.fieldCount + tables.values,
      ints: this.series.slotCount + tables.rows,
    };
  }

  totalsOffset(slot: number): number {
    const offset = this.series.exportOf(slot) * this.fieldCount;
    if (offset + this.fieldCount > this.totals.length) {
      const grown = new Float64Array(Math.max(this.totals.length * 2, offset + this.fieldCount));
      grown.set(this.totals);
      this.totals = grown;
    }
    return offset;
  }

  private content(): LedgerContent {
    const { series, totals, fieldSeen, gauges, countedSince, newestBucketEnd, tables, units } = this;
    return { series, totals, fieldSeen, gauges, countedSince, newestBucketEnd, tables, units };
  }

  /**
   * Where a minute's rows go, or undefined when none of their values is counted: the hour has
   * settled, or minutes need not add up to the hour so only the hour is counted. (Child sums an
   * older release saved then still take part in max(own, childSum), so nothing is counted twice.)
   */
  private fineTarget(bucket: Bucket): RowTarget | undefined {
    const coarseStart = floorTo(bucket.startTime, this.coarseSeconds);
    if (coarseStart < this.tables.settled.floor) return undefined;
    if (this.counterFields.length === 0 || this.layout.spec.minutesAddUp === false) return undefined;
    const expected = bucket.rows.length;
    const slots = this.series.slotCount;
    const rows = (this.tables.fine as BucketTable).rows(bucket.startTime, expected, slots);
    const parent = (this.tables.open as BucketTable).rows(coarseStart, expected, slots);
    return { kind: 'fine', rows, parent };
  }

  /** A coarse bucket none of whose fine buckets can still arrive goes straight to the settled table. */
  private coarseTarget(bucket: Bucket): RowTarget | undefined {
    const { fine, open, settled } = this.tables;
    if (this.counterFields.length === 0) return undefined;
    const isOpen =
      open !== undefined && fine !== undefined && bucket.startTime + this.coarseSeconds > fine.floor;
    const table = isOpen ? open : settled;
    const rows = table.rows(bucket.startTime, bucket.rows.length, this.series.slotCount);
    return { kind: isOpen ? 'open' : 'settled', rows };
  }

  /** Records a bucket's values as counted without adding them to the counters (see `countFrom`). */
  private observe(bucket: Bucket): void {
    if (this.counterFields.length === 0) {
      for (const row of bucket.rows) this.series.slotFor(row.labels);
      return;
    }
    const rows = this.tables.settled.rows(bucket.startTime, bucket.rows.length, this.series.slotCount);
    observeRows(this, bucket, rows);
  }
}
