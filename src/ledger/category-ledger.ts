// The exactness core. Each counter must grow by the final total of every bucket exactly once,
// although buckets keep growing after they end and the same usage is visible at two widths.
//
// Per label set and coarse bucket C (an hour for usage, a day for costs) we keep
//   own(C)      the latest value the upstream gave for C itself,
//   childSum(C) the sum of the latest values of its fine buckets (minutes), if any,
// and count max(own, childSum). Both only grow and both end at C's final total, so their
// maximum reaches it exactly once however the two polls interleave. Counters receive only the
// increase of that maximum; a value that goes down is reported, never subtracted.

import { BUCKET_WIDTH_SECONDS, type BucketWidth, type CategorySpec } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import { BucketTable } from './bucket-table.js';
import { LedgerRejectedError } from './errors.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import { SeriesIndex } from './series-index.js';

export interface IngestOutcome {
  /** Rows whose value went below one already seen for the same bucket and label set. */
  readonly downwardRevisions: number;
  /** Buckets older than what the ledger still tracks; already final, so ignored. */
  readonly staleBuckets: number;
  readonly changed: boolean;
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
  /** Newest fine bucket's value per exported series × field, for gauge fields. */
  gauges = new Map<number, Float64Array>();
  /** Start of the earliest bucket the counters include; undefined before the first ingest. */
  countedSince: number | undefined;
  /** End of the newest bucket seen, capped at the time it was seen. */
  newestBucketEnd: number | undefined;
  /** Increases whenever anything exported changes, so renderers can skip untouched categories. */
  revision = 0;
  protected fine: BucketTable | undefined;
  protected coarse: BucketTable;

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
    this.coarse = new BucketTable(2 * this.fieldCount);
    if (layout.fineWidth !== undefined) this.fine = new BucketTable(this.fieldCount);
  }

  ingest(width: BucketWidth, buckets: readonly Bucket[], nowSeconds: number): IngestOutcome {
    const isFine = width === this.layout.fineWidth;
    if (!isFine && width !== this.layout.coarseWidth) {
      throw new LedgerRejectedError(`${this.layout.spec.id} does not track ${width} buckets`);
    }
    this.validate(width, buckets);
    const table = isFine ? this.fine : this.coarse;
    let downwardRevisions = 0;
    let staleBuckets = 0;
    let changed = false;
    for (const bucket of buckets) {
      if (table === undefined || bucket.startTime < table.floor) {
        staleBuckets += 1;
        continue;
      }
      if (this.countedSince === undefined || bucket.startTime < this.countedSince) {
        this.countedSince = bucket.startTime;
        changed = true;
      }
      const seenEnd = Math.min(bucket.endTime, nowSeconds);
      if (this.newestBucketEnd === undefined || seenEnd > this.newestBucketEnd)
        this.newestBucketEnd = seenEnd;
      for (const row of bucket.rows) {
        const slot = this.series.slotFor(row.labels);
        const result = isFine
          ? this.applyFine(bucket.startTime, slot, row.values)
          : this.applyCoarse(bucket.startTime, slot, row.values);
        if (result & DOWNWARD) downwardRevisions += 1;
        if (result & CHANGED) changed = true;
      }
    }
    if (isFine && this.gaugeFields.length > 0 && this.refreshGauges(buckets)) changed = true;
    if (changed) this.revision += 1;
    return { downwardRevisions, staleBuckets, changed };
  }

  /** Forgets buckets that start before the given times; their totals stay in the counters. */
  prune(coarseFloor: number, fineFloor?: number): void {
    if (fineFloor !== undefined) this.fine?.prune(fineFloor);
    this.coarse.prune(coarseFloor);
  }

  /** Bucket starts below which answers are ignored (undefined while nothing was pruned). */
  floors(): { coarse: number | undefined; fine: number | undefined } {
    const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);
    return { coarse: finite(this.coarse.floor), fine: finite(this.fine?.floor) };
  }

  /** The counted value (max of own and child sum) of one coarse bucket, per exported series. */
  countedInCoarse(start: number, into: Map<number, Float64Array>): void {
    const bucket = this.coarse.get(start);
    if (bucket === undefined) return;
    const f = this.fieldCount;
    for (const [slot, vector] of bucket) {
      const exported = this.series.exportOf(slot);
      let sum = into.get(exported);
      if (sum === undefined) {
        sum = new Float64Array(f);
        into.set(exported, sum);
      }
      for (let i = 0; i < f; i++) sum[i] = (sum[i] ?? 0) + Math.max(vector[i] ?? 0, vector[f + i] ?? 0);
    }
  }

  coarseStarts(): number[] {
    return this.coarse.starts();
  }

  trackedRows(): number {
    return this.coarse.size + (this.fine?.size ?? 0);
  }

  snapshot(): LedgerSnapshot {
    const exported = this.series.exportedCount;
    return {
      category: this.layout.spec.id,
      labelNames: this.layout.labelNames,
      fields: this.layout.spec.fields.map((field) => field.field),
      series: this.series.snapshot(),
      totals: Array.from(this.totals.subarray(0, exported * this.fieldCount)),
      fieldSeen: Array.from(this.fieldSeen),
      gauges: [...this.gauges].map(([index, values]) => [index, Array.from(values)] as const),
      countedSince: this.countedSince ?? null,
      newestBucketEnd: this.newestBucketEnd ?? null,
      coarse: this.coarse.snapshot(),
      fine: this.fine?.snapshot() ?? null,
    };
  }

  /**
   * Rebuilds a ledger from a snapshot taken with the same layout. A snapshot taken with another
   * grouping cannot be mapped onto the new label sets, so it is refused and the caller starts fresh.
   */
  static restore(layout: LedgerLayout, snapshot: LedgerSnapshot): CategoryLedger {
    const fields = layout.spec.fields.map((field) => field.field);
    if (snapshot.category !== layout.spec.id || !sameList(snapshot.labelNames, layout.labelNames)) {
      throw new LedgerRejectedError(`saved ${snapshot.category} state was grouped by other labels`);
    }
    if (!sameList(snapshot.fields, fields)) {
      throw new LedgerRejectedError(`saved ${snapshot.category} state has other fields`);
    }
    const series = SeriesIndex.restore(snapshot.series, layout.labelNames.length, layout.seriesLimit);
    const ledger = new CategoryLedger(layout, series);
    if (snapshot.totals.length !== series.exportedCount * ledger.fieldCount) {
      throw new LedgerRejectedError('saved totals do not match the saved series');
    }
    if (snapshot.totals.some((value) => !Number.isFinite(value) || value < 0)) {
      throw new LedgerRejectedError('saved totals are not finite non-negative numbers');
    }
    ledger.totals = new Float64Array(Math.max(64, series.exportedCount) * ledger.fieldCount);
    ledger.totals.set(snapshot.totals);
    ledger.fieldSeen.set(snapshot.fieldSeen.slice(0, ledger.fieldCount));
    for (const [index, values] of snapshot.gauges) ledger.gauges.set(index, Float64Array.from(values));
    ledger.countedSince = snapshot.countedSince ?? undefined;
    ledger.newestBucketEnd = snapshot.newestBucketEnd ?? undefined;
    ledger.coarse = BucketTable.restore(snapshot.coarse, 2 * ledger.fieldCount, series.slotCount);
    if (layout.fineWidth !== undefined && snapshot.fine !== null) {
      ledger.fine = BucketTable.restore(snapshot.fine, ledger.fieldCount, series.slotCount);
    }
    return ledger;
  }

  private applyFine(start: number, slot: number, values: readonly number[]): number {
    const fine = this.fine as BucketTable;
    const coarseStart = floorTo(start, BUCKET_WIDTH_SECONDS[this.layout.coarseWidth]);
    if (coarseStart < this.coarse.floor) return 0;
    const own = fine.vector(start, slot);
    const parent = this.coarse.vector(coarseStart, slot);
    const f = this.fieldCount;
    let result = 0;
    for (const i of this.counterFields) {
      const value = values[i] ?? Number.NaN;
      if (Number.isNaN(value)) continue;
      this.fieldSeen[i] = 1;
      const previous = own[i] ?? 0;
      if (value < previous) result |= DOWNWARD;
      if (value <= previous) continue;
      own[i] = value;
      const parentOwn = parent[i] ?? 0;
      const before = Math.max(parentOwn, parent[f + i] ?? 0);
      parent[f + i] = (parent[f + i] ?? 0) + (value - previous);
      const after = Math.max(parentOwn, parent[f + i] ?? 0);
      if (after > before) {
        this.addToTotal(slot, i, after - before);
        result |= CHANGED;
      }
    }
    return result;
  }

  private applyCoarse(start: number, slot: number, values: readonly number[]): number {
    const node = this.coarse.vector(start, slot);
    const f = this.fieldCount;
    let result = 0;
    for (const i of this.counterFields) {
      const value = values[i] ?? Number.NaN;
      if (Number.isNaN(value)) continue;
      this.fieldSeen[i] = 1;
      const previous = node[i] ?? 0;
      if (value < previous) result |= DOWNWARD;
      if (value <= previous) continue;
      const childSum = node[f + i] ?? 0;
      const before = Math.max(previous, childSum);
      node[i] = value;
      if (value > before) {
        this.addToTotal(slot, i, value - before);
        result |= CHANGED;
      }
    }
    return result;
  }

  private addToTotal(slot: number, field: number, delta: number): void {
    const offset = this.series.exportOf(slot) * this.fieldCount + field;
    if (offset >= this.totals.length) {
      const grown = new Float64Array(Math.max(this.totals.length * 2, offset + this.fieldCount));
      grown.set(this.totals);
      this.totals = grown;
    }
    this.totals[offset] = (this.totals[offset] ?? 0) + delta;
  }

  /** Gauges show the newest fine bucket that has any rows; older buckets only fill history. */
  private refreshGauges(buckets: readonly Bucket[]): boolean {
    let newest: Bucket | undefined;
    for (const bucket of buckets) {
      if (bucket.rows.length > 0 && (newest === undefined || bucket.startTime > newest.startTime))
        newest = bucket;
    }
    if (newest === undefined) return false;
    const gauges = new Map<number, Float64Array>();
    for (const row of newest.rows) {
      const exported = this.series.exportOf(this.series.slotFor(row.labels));
      let vector = gauges.get(exported);
      if (vector === undefined) {
        vector = new Float64Array(this.fieldCount);
        gauges.set(exported, vector);
      }
      for (const i of this.gaugeFields) {
        const value = row.values[i] ?? Number.NaN;
        if (Number.isNaN(value)) continue;
        this.fieldSeen[i] = 1;
        vector[i] = (vector[i] ?? 0) + value;
      }
    }
    this.gauges = gauges;
    return true;
  }

  private validate(width: BucketWidth, buckets: readonly Bucket[]): void {
    const seconds = BUCKET_WIDTH_SECONDS[width];
    for (const bucket of buckets) {
      // An unaligned start means a partial bucket under a key no later poll repeats: counting it
      // would count that usage twice, so the whole answer is refused.
      if (bucket.startTime % seconds !== 0) {
        throw new LedgerRejectedError(`bucket start ${bucket.startTime} is not aligned to ${width}`);
      }
      if (bucket.endTime <= bucket.startTime || bucket.endTime - bucket.startTime > seconds) {
        throw new LedgerRejectedError(
          `bucket ${bucket.startTime}..${bucket.endTime} is not one ${width} bucket`,
        );
      }
      for (const row of bucket.rows) {
        if (row.labels.length !== this.layout.labelNames.length || row.values.length !== this.fieldCount) {
          throw new LedgerRejectedError(
            `a ${this.layout.spec.id} row does not match the configured grouping`,
          );
        }
      }
    }
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
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
