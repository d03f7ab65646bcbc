// How far one usage ledger has been priced: per exported series and field, the total the estimate
// has priced through, and the same per recent coarse bucket (hour) for the fields it prices, so
// each increment is priced exactly once and its dollars land on the day the usage happened. Kept
// in flat typed arrays (a large organization has tens of thousands of series per hour), walked
// without copies and saved as copies spelled in pieces, like the ledgers.

import type { UsageCategoryId } from '../catalog/categories.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { chargesOf } from './line-item-map.js';
import { grown, NumberCopy, place } from './progress-arrays.js';

/** The saved form; fields by name and series by exported index, as the ledger saves them. */
export interface SavedProgress {
  readonly labelNames: readonly string[];
  readonly fields: readonly string[];
  /** Exported series × `fields`, flattened. */
  readonly pricedThrough: readonly number[];
  /** The fields `hours` holds: the ones the estimate prices. */
  readonly hourFields: readonly string[];
  /** Per coarse bucket: its start and its exported series × `hourFields`, flattened. */
  readonly hours: readonly (readonly [start: number, values: readonly number[]])[];
  /** Unix seconds from which every increment was put on its day; absent while unknown. */
  readonly coveredFrom?: number;
}

export type Growth = (exported: number, values: Float64Array) => void;
export type HourGrowth = (start: number, exported: number, values: Float64Array) => void;

/**
 * What one look found, applied by `commit` in one go: a save between two turns of the event loop
 * then holds either none of a look or all of it, as the estimate's dollars do.
 */
export interface Walk {
  /** Pairs of an offset into the priced totals and the total priced through there. */
  readonly totals: number[];
  hours: Map<number, Float64Array> | undefined;
  walked: Map<number, number> | undefined;
}

export class UsageProgress {
  private pricedThrough: Float64Array;
  private hours = new Map<number, Float64Array>();
  /** The ledger's touch revision of each hour when it was last walked (see CoarseTouches). */
  private walked = new Map<number, number>();
  /** Field indexes of the fields the estimate prices, and their places among the counters. */
  private readonly priced: readonly number[];
  private readonly counterAt: readonly number[];
  /**
   * From when on the per-day dollars hold every increment of this ledger: a day before it (counted
   * before the estimate looked, or read before a restart without the estimate) is partial.
   */
  coveredFrom: number | undefined;

  constructor(
    private readonly ledger: CategoryLedger,
    category: UsageCategoryId,
    pricedThrough?: Float64Array,
  ) {
    this.pricedThrough = pricedThrough ?? new Float64Array(0);
    const names = new Set(chargesOf(category).flatMap((spec) => [spec.field, ...spec.minus]));
    const fields = ledger.layout.spec.fields;
    this.priced = ledger.counterFields.filter((index) => names.has(fields[index]?.field ?? ''));
    this.counterAt = this.priced.map((index) => ledger.counterFields.indexOf(index));
  }

  /** Takes everything the ledger holds now as priced, without pricing it. */
  baseline(keepFrom: number, nowSeconds: number): void {
    this.coveredFrom = nowSeconds;
    this.totalsGrowth(() => undefined);
    this.hoursGrowth(keepFrom, () => undefined);
  }

  /** Calls `each` with the growth of every series whose counters grew since the last look. */
  totalsGrowth(each: Growth): void {
    const walk = this.walk();
    for (const _ of this.totalsSteps(each, walk, Number.POSITIVE_INFINITY));
    this.commit(walk);
  }

  /**
   * Calls `each` with the growth of every series in every coarse bucket from `keepFrom` on, in the
   * priced fields. A bucket the ledger forgot is final, so it is forgotten here too.
   */
  hoursGrowth(keepFrom: number, each: HourGrowth): void {
    const walk = this.walk();
    for (const _ of this.hoursSteps(keepFrom, each, walk));
    this.commit(walk);
  }

  /** A walk whose findings are kept apart until `commit`: what is saved meanwhile is the last look. */
  walk(): Walk {
    return { totals: [], hours: undefined, walked: undefined };
  }

  /** Takes what a walk found as priced, at once. */
  commit(walk: Walk): void {
    const priced = this.pricedThrough;
    for (let i = 0; i < walk.totals.length; i += 2)
      priced[walk.totals[i] as number] = walk.totals[i + 1] as number;
    if (walk.hours !== undefined) this.hours = walk.hours;
    if (walk.walked !== undefined) this.walked = walk.walked;
  }

  /** `totalsGrowth` as steps of `run` series, noting into `walk` what the growth was priced through. */
  *totalsSteps(each: Growth, walk: Walk, run: number): Generator<void> {
    const { fieldCount, counterFields } = this.ledger;
    const length = this.ledger.series.exportedCount * fieldCount;
    this.pricedThrough = grown(this.pricedThrough, length);
    const priced = this.pricedThrough;
    let left = run;
    for (let offset = 0; offset < length; offset += fieldCount) {
      // Read each time: ingest grows the array by replacing it.
      const totals = this.ledger.totals;
      let growth: Float64Array | undefined;
      for (const field of counterFields) {
        const at = offset + field;
        const total = totals[at] ?? 0;
        const before = priced[at] ?? 0;
        if (!(total > before)) continue;
        growth ??= new Float64Array(fieldCount);
        growth[field] = total - before;
        walk.totals.push(at, total);
      }
      if (growth !== undefined) each(offset / fieldCount, growth);
      if (--left > 0) continue;
      left = run;
      yield;
    }
  }

  /** `hoursGrowth` as one step per hour walked, into copies kept in `walk`. */
  *hoursSteps(keepFrom: number, each: HourGrowth, walk: Walk): Generator<void> {
    const ledger = this.ledger;
    const k = this.priced.length;
    const hours = new Map<number, Float64Array>();
    const walked = new Map<number, number>();
    walk.hours = hours;
    walk.walked = walked;
    for (const start of ledger.coarseStarts()) {
      if (start < keepFrom) continue;
      const revision = ledger.touches.revision(start);
      const before = this.hours.get(start);
      walked.set(start, revision);
      // No answer reached this hour since it was walked: nothing in it can have grown.
      if (before !== undefined && this.walked.get(start) === revision) {
        hours.set(start, before);
        continue;
      }
      // Sized now: series may have appeared since the walk began.
      const length = ledger.series.exportedCount * k;
      const priced = new Float64Array(Math.max(length, before?.length ?? 0));
      if (before !== undefined) priced.set(before);
      ledger.visitCoarseRows(start, (slot, values, offset, childOffset) => {
        const exported = ledger.series.exportOf(slot);
        let growth: Float64Array | undefined;
        for (let j = 0; j < k; j++) {
          const c = this.counterAt[j] as number;
          const own = values[offset + c] as number;
          const now = childOffset < 0 ? own : Math.max(own, values[childOffset + c] as number);
          const at = exported * k + j;
          const was = priced[at] as number;
          // A value that went down is never subtracted, as in the counters: keep the highest.
          if (!(now > was)) continue;
          growth ??= new Float64Array(ledger.fieldCount);
          growth[this.priced[j] as number] = now - was;
          priced[at] = now;
        }
        if (growth !== undefined) each(start, exported, growth);
      });
      hours.set(start, priced);
      yield;
    }
  }

  /** A copy, made now: the estimate is saved at the same instant as the ledgers. */
  saved(): SavedProgress {
    const ledger = this.ledger;
    const names = (indexes: readonly number[]) =>
      indexes.map((i) => ledger.layout.spec.fields[i]?.field ?? '');
    const all = ledger.layout.spec.fields.map((_, index) => index);
    const series = ledger.series.exportedCount;
    // Only the rows of the series there are: the arrays grow ahead of them.
    const copy = (values: Float64Array, stride: number) =>
      new NumberCopy(
        values.slice(0, Math.min(values.length, series * stride)),
      ) as unknown as readonly number[];
    return {
      labelNames: [...ledger.layout.labelNames],
      fields: names(all),
      pricedThrough: copy(this.pricedThrough, ledger.fieldCount),
      hourFields: names(this.priced),
      hours: [...this.hours].map(([start, values]) => [start, copy(values, this.priced.length)] as const),
      ...(this.coveredFrom === undefined ? {} : { coveredFrom: this.coveredFrom }),
    };
  }

  /**
   * Progress saved with this ledger; undefined when it does not fit it (other labels, more series
   * than the ledger has): then the caller takes the ledger as priced instead.
   */
  static restore(
    ledger: CategoryLedger,
    category: UsageCategoryId,
    saved: SavedProgress,
  ): UsageProgress | undefined {
    const names = ledger.layout.labelNames;
    const { labelNames, fields, pricedThrough, hourFields, hours } = saved;
    if (![labelNames, fields, pricedThrough, hourFields, hours].every(Array.isArray)) return undefined;
    if (labelNames.length !== names.length || !names.every((name) => labelNames.includes(name)))
      return undefined;
    const count = fields.length === 0 ? Number.NaN : pricedThrough.length / fields.length;
    if (!Number.isInteger(count) || count > ledger.series.exportedCount) return undefined;
    const spec = ledger.layout.spec;
    const indexOf = (name: string) => spec.fields.findIndex((field) => field.field === name);
    const priced = new Float64Array(count * ledger.fieldCount);
    place(pricedThrough, fields.map(indexOf), count, priced, ledger.fieldCount);
    const progress = new UsageProgress(ledger, category, priced);
    const at = hourFields.map((name) => progress.priced.indexOf(indexOf(name)));
    for (const hour of hours) {
      const [start, values] = Array.isArray(hour) ? hour : [];
      if (typeof start !== 'number' || !Array.isArray(values) || hourFields.length === 0) continue;
      const series = Math.min(count, Math.floor(values.length / hourFields.length));
      const into = new Float64Array(series * progress.priced.length);
      place(values, at, series, into, progress.priced.length);
      progress.hours.set(start, into);
    }
    if (typeof saved.coveredFrom === 'number') progress.coveredFrom = saved.coveredFrom;
    return progress;
  }
}
