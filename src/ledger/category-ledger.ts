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
import { CoarseTouches } from './coarse-touches.js';
import { type CopyArena, NO_ARENA } from './copy-arena.js';
import { LedgerRejectedError } from './errors.js';
import { fineBuckets } from './fine-buckets.js';
import { FrozenLedger } from './frozen-ledger.js';
import { type GaugeOrigin, gaugeUpdate } from './gauge-levels.js';
import { validateBuckets } from './ingest-checks.js';
import type { IngestOptions, IngestOutcome, IngestTally, LedgerIngest } from './ingest-outcome.js';
import { IngestRun } from './ingest-run.js';
import { decodeLedger, encodeLedger } from './ledger-codec.js';
import { copySize, emptyContent, type LedgerContent } from './ledger-content.js';
import type { LedgerSnapshot, SavedLedger } from './ledger-snapshot.js';
import {
  addCountedInCoarse,
  type CountedRowVisitor,
  coarseStarts,
  type LedgerTables,
  pruneTables,
  rowTarget,
  tableSizes,
  tracksCoarse,
  trimTables,
  visitCoarseRows,
} from './ledger-tables.js';
import { type CounterSink, ingestRows, internLabels, noteUnits, observeRows } from './row-ingest.js';
import type { SeriesIndex } from './series-index.js';

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
  /** Per exported series, the unit of the fields with a `unitFrom` (see LedgerContent). */
  readonly units: (string | undefined)[];
  /** Start of the earliest bucket the counters include; undefined before the first ingest. */
  countedSince: number | undefined;
  /** End of the newest bucket seen, capped at the time it was seen. */
  newestBucketEnd: number | undefined;
  /** Increases whenever anything exported changes, so renderers can skip untouched categories. */
  revision = 0;
  private readonly tables: LedgerTables;
  /** Which coarse buckets answers reached, for readers that skip untouched ones. */
  readonly touches: CoarseTouches;

  /** An empty ledger, or one holding `content` (see `restore`). */
  constructor(
    readonly layout: LedgerLayout,
    content: LedgerContent = emptyContent(layout),
  ) {
    this.fieldCount = layout.spec.fields.length;
    this.counterFields = fieldIndexes(layout.spec, 'counter');
    this.gaugeFields = fieldIndexes(layout.spec, 'gauge');
    this.series = content.series;
    this.totals = content.totals;
    this.fieldSeen = content.fieldSeen;
    this.gauges = content.gauges;
    this.countedSince = content.countedSince;
    this.newestBucketEnd = content.newestBucketEnd;
    this.tables = content.tables;
    this.units = content.units;
    this.touches = new CoarseTouches(BUCKET_WIDTH_SECONDS[layout.coarseWidth]);
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
    // Nothing can read the ledger between the parts of a synchronous ingest: one revision for all.
    const run = this.#begin(width, nowSeconds, options, false);
    run.add(buckets);
    return run.finish();
  }

  /** One answer ingested in parts as it is read, exactly however it is cut (see ingest-run.ts). */
  beginIngest(width: BucketWidth, nowSeconds: number, options: IngestOptions = {}): LedgerIngest {
    return this.#begin(width, nowSeconds, options, true);
  }

  #begin(
    width: BucketWidth,
    nowSeconds: number,
    options: IngestOptions,
    revisePerPart: boolean,
  ): LedgerIngest {
    const countFrom = options.countFrom ?? Number.NEGATIVE_INFINITY;
    const isFine = width === this.layout.fineWidth;
    if (!isFine && width !== this.layout.coarseWidth) {
      throw new LedgerRejectedError(`${this.layout.spec.id} does not track ${width} buckets`);
    }
    return new IngestRun({
      revisePerPart,
      check: (parts) => validateBuckets(this.layout, width, parts),
      // Read per part: a poll at the other width may prune between two parts of this one.
      floor: () => (isFine ? (this.tables.fine as BucketTable).floor : this.tables.settled.floor),
      take: (bucket, tally) => {
        if (!isFine && bucket.startTime < countFrom && !this.tracks(bucket.startTime))
          this.observe(bucket, tally);
        else this.count(bucket, isFine, nowSeconds, tally);
      },
      levels:
        this.gaugeFields.length === 0
          ? undefined
          : (buckets) => {
              const update = gaugeUpdate(
                this,
                buckets,
                isFine,
                this.gaugeOrigin,
                options.fineFailing === true,
              );
              if (update === undefined) return false;
              const changed = update.gauges.size > 0 || this.gauges.size > 0;
              this.gauges = update.gauges;
              this.gaugeOrigin = update.origin;
              return changed;
            },
      revise: () => {
        this.revision += 1;
      },
      trim: () => trimTables(this.tables),
    });
  }

  /** Forgets buckets that start before the given times; their totals stay in the counters. */
  prune(coarseFloor: number, fineFloor?: number): void {
    pruneTables(this.tables, this.layout, coarseFloor, fineFloor);
    this.touches.forgetBefore(coarseFloor);
  }

  /** Adds the counted value (max of own and child sum) of one coarse bucket, per exported series. */
  countedInCoarse(start: number, into: Map<number, Float64Array>): void {
    addCountedInCoarse(this.tables, this, start, into);
  }

  /** Every row of one coarse bucket, without copying: see `visitCoarseRows`. */
  visitCoarseRows(start: number, visit: CountedRowVisitor): void {
    visitCoarseRows(this.tables, this.counterFields.length, start, visit);
  }

  /** The fine (1-minute) buckets still held, as the upstream gave them (see fine-buckets.ts). */
  fineBuckets(): Generator<Bucket> {
    return fineBuckets(this.tables, this);
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
    return copySize(this.content());
  }

  /** Offset of a slot's exported series in `totals`, growing it as series appear. */
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

  private tracks(coarseStart: number): boolean {
    return tracksCoarse(this.tables, this.layout, coarseStart);
  }

  private count(bucket: Bucket, isFine: boolean, nowSeconds: number, tally: IngestTally): void {
    this.touches.touch(bucket.startTime);
    if (this.countedSince === undefined || bucket.startTime < this.countedSince) {
      this.countedSince = bucket.startTime;
      tally.changed = true;
    }
    if (noteUnits(this.series, this.units, bucket)) tally.changed = true;
    const seenEnd = Math.min(bucket.endTime, nowSeconds);
    if (this.newestBucketEnd === undefined || seenEnd > this.newestBucketEnd) this.newestBucketEnd = seenEnd;
    const target = rowTarget(this.tables, this.layout, bucket, isFine, this.series.slotCount);
    if (target === undefined) internLabels(this.series, bucket);
    else ingestRows(this, bucket, target, tally);
  }

  /** Records a bucket's values as counted without adding them to the counters (see `countFrom`). */
  private observe(bucket: Bucket, tally: IngestTally): void {
    this.touches.touch(bucket.startTime);
    if (observeRows(this, bucket, this.tables.settled)) tally.changed = true;
    if (noteUnits(this.series, this.units, bucket)) tally.changed = true;
  }
}
