// Gauge fields (vector storage) are levels, not flows: the gauge shows what the newest data says
// is stored, never a memory of what once was. The minutes are the primary source. Within their
// trailing window the newest bucket that has rows sets the level (the newest minutes may still be
// empty while the upstream catches up); a window with no rows at all means nothing is stored, so
// the series are dropped and Prometheus marks them stale, just as for a project that the newest
// bucket no longer lists. The hours stand in when the minutes cannot: before the first minute
// poll succeeded, while minute polls fail, or when the newest minute with rows is older than the
// newest hour with rows.

import type { Bucket, BucketPart, BucketRow } from '../domain/bucket.js';
import type { SeriesIndex } from './series-index.js';

export interface GaugeTarget {
  readonly series: SeriesIndex;
  readonly fieldCount: number;
  readonly gaugeFields: readonly number[];
  readonly fieldSeen: Uint8Array;
}

/** Where the current levels came from; not persisted, so after a restart the first answer sets them. */
export interface GaugeOrigin {
  readonly fine: boolean;
  /** Start of the bucket the levels came from (for an answer without rows, its newest bucket). */
  readonly start: number;
}

export interface GaugeUpdate {
  readonly gauges: Map<number, Float64Array>;
  readonly origin: GaugeOrigin;
}

/**
 * The levels an answer at the fine or coarse width sets, or undefined when it must not replace
 * the current ones. `fineFailing`: the latest fine poll failed or none has succeeded yet.
 */
export function gaugeUpdate(
  target: GaugeTarget,
  buckets: readonly Bucket[],
  fine: boolean,
  current: GaugeOrigin | undefined,
  fineFailing: boolean,
): GaugeUpdate | undefined {
  if (buckets.length === 0) return undefined;
  const newest = newestWithRows(buckets);
  if (!fine && current?.fine === true && !fineFailing) {
    if (newest === undefined || current.start >= newest.startTime) return undefined;
  }
  const start = newest?.startTime ?? buckets.reduce((max, b) => Math.max(max, b.startTime), -Infinity);
  return {
    gauges: newest === undefined ? new Map() : levelsOf(target, newest),
    origin: { fine, start },
  };
}

function newestWithRows(buckets: readonly Bucket[]): Bucket | undefined {
  let newest: Bucket | undefined;
  for (const bucket of buckets) {
    if (bucket.rows.length > 0 && (newest === undefined || bucket.startTime > newest.startTime))
      newest = bucket;
  }
  return newest;
}

function levelsOf(target: GaugeTarget, bucket: Bucket): Map<number, Float64Array> {
  const gauges = new Map<number, Float64Array>();
  for (const row of bucket.rows) {
    const exported = target.series.exportOf(target.series.slotFor(row.labels));
    let vector = gauges.get(exported);
    if (vector === undefined) {
      vector = new Float64Array(target.fieldCount);
      gauges.set(exported, vector);
    }
    for (const i of target.gaugeFields) {
      const value = row.values[i] ?? Number.NaN;
      if (Number.isNaN(value)) continue;
      target.fieldSeen[i] = 1;
      vector[i] = (vector[i] ?? 0) + value;
    }
  }
  return gauges;
}

/**
 * The one bucket `gaugeUpdate` reads, kept while an answer arrives in parts: the rows of its
 * newest bucket with rows (or, when none has rows, its newest bucket), so the levels are those of
 * the whole answer without holding the whole answer.
 */
export class NewestRows {
  #seen = false;
  #newestStart = Number.NEGATIVE_INFINITY;
  #newestEnd = 0;
  #start = Number.NEGATIVE_INFINITY;
  #end = 0;
  #rows: BucketRow[] = [];

  note(part: BucketPart): void {
    this.#seen = true;
    if (part.startTime > this.#newestStart) {
      this.#newestStart = part.startTime;
      this.#newestEnd = part.endTime;
    }
    if (part.rows.length === 0 || part.startTime < this.#start) return;
    // A bucket that starts again (a page read again) replaces its earlier parts, which it repeats.
    if (part.startTime > this.#start || part.first) {
      this.#start = part.startTime;
      this.#end = part.endTime;
      this.#rows = [];
    }
    for (const row of part.rows) this.#rows.push(row);
  }

  /** What `gaugeUpdate` would find newest in the whole answer, as a list of at most one bucket. */
  buckets(): Bucket[] {
    if (!this.#seen) return [];
    if (this.#rows.length > 0) return [{ startTime: this.#start, endTime: this.#end, rows: this.#rows }];
    return [{ startTime: this.#newestStart, endTime: this.#newestEnd, rows: [] }];
  }
}
