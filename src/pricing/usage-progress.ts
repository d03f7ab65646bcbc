// How far one usage ledger has been priced: per exported series and counter field, the total the
// estimate has priced through, and the same per recent coarse bucket (hour), so each increment is
// priced exactly once and its dollars land on the day the usage happened.

import type { CategoryLedger } from '../ledger/category-ledger.js';

/** The saved form; fields by name and series by exported index, as the ledger saves them. */
export interface SavedProgress {
  readonly labelNames: readonly string[];
  readonly fields: readonly string[];
  /** Exported series × `fields`, flattened. */
  readonly pricedThrough: readonly number[];
  /** Per coarse bucket: its start, the exported series it holds, their values × `fields`. */
  readonly hours: readonly (readonly [
    start: number,
    exported: readonly number[],
    values: readonly number[],
  ])[];
  /** Unix seconds from which every increment was put on its day; absent while unknown. */
  readonly coveredFrom?: number;
}

export type Growth = (exported: number, values: Float64Array) => void;

export class UsageProgress {
  private pricedThrough: Float64Array;
  private hours = new Map<number, Map<number, Float64Array>>();
  /**
   * From when on the per-day dollars hold every increment of this ledger: a day before it (counted
   * before the estimate looked, or read before a restart without the estimate) is partial.
   */
  coveredFrom: number | undefined;

  constructor(
    private readonly ledger: CategoryLedger,
    pricedThrough?: Float64Array,
  ) {
    this.pricedThrough = pricedThrough ?? new Float64Array(0);
  }

  /** Takes everything the ledger holds now as priced, without pricing it. */
  baseline(keepFrom: number, nowSeconds: number): void {
    this.coveredFrom = nowSeconds;
    this.totalsGrowth(() => undefined);
    this.hoursGrowth(keepFrom, () => undefined);
  }

  /** Calls `each` with the growth of every series whose counters grew since the last look. */
  totalsGrowth(each: Growth): void {
    const { totals, fieldCount, counterFields } = this.ledger;
    const length = this.ledger.series.exportedCount * fieldCount;
    if (this.pricedThrough.length < length) {
      const grown = new Float64Array(length);
      grown.set(this.pricedThrough);
      this.pricedThrough = grown;
    }
    const priced = this.pricedThrough;
    for (let offset = 0; offset < length; offset += fieldCount) {
      let growth: Float64Array | undefined;
      for (const field of counterFields) {
        const at = offset + field;
        const total = totals[at] ?? 0;
        const before = priced[at] ?? 0;
        if (!(total > before)) continue;
        growth ??= new Float64Array(fieldCount);
        growth[field] = total - before;
        priced[at] = total;
      }
      if (growth !== undefined) each(offset / fieldCount, growth);
    }
  }

  /**
   * Calls `each` with the growth of every series in every coarse bucket from `keepFrom` on. A
   * bucket the ledger forgot is final, so it is forgotten here too.
   */
  hoursGrowth(keepFrom: number, each: (start: number, exported: number, values: Float64Array) => void): void {
    const ledger = this.ledger;
    const hours = new Map<number, Map<number, Float64Array>>();
    for (const start of ledger.coarseStarts()) {
      if (start < keepFrom) continue;
      const counted = new Map<number, Float64Array>();
      ledger.countedInCoarse(start, counted);
      const before = this.hours.get(start);
      for (const [exported, values] of counted) {
        const priced = before?.get(exported);
        let growth: Float64Array | undefined;
        for (const field of ledger.counterFields) {
          const was = priced?.[field] ?? 0;
          const now = values[field] ?? 0;
          // A value that went down is never subtracted, as in the counters: keep the highest.
          if (!(now > was)) {
            values[field] = was;
            continue;
          }
          growth ??= new Float64Array(ledger.fieldCount);
          growth[field] = now - was;
        }
        if (growth !== undefined) each(start, exported, growth);
      }
      hours.set(start, counted);
    }
    this.hours = hours;
  }

  /** A copy, made now: the estimate is saved at the same instant as the ledgers. */
  saved(): SavedProgress {
    const ledger = this.ledger;
    const fields = ledger.counterFields;
    const names = fields.map((index) => ledger.layout.spec.fields[index]?.field ?? '');
    const pick = (values: ArrayLike<number>, offset: number) => fields.map((f) => values[offset + f] ?? 0);
    const pricedThrough: number[] = [];
    for (let offset = 0; offset < this.pricedThrough.length; offset += ledger.fieldCount)
      pricedThrough.push(...pick(this.pricedThrough, offset));
    const hours = [...this.hours].map(
      ([start, series]) =>
        [start, [...series.keys()], [...series.values()].flatMap((values) => pick(values, 0))] as const,
    );
    const covered = this.coveredFrom === undefined ? {} : { coveredFrom: this.coveredFrom };
    return { labelNames: [...ledger.layout.labelNames], fields: names, pricedThrough, hours, ...covered };
  }

  /**
   * Progress saved with this ledger; undefined when it does not fit it (other labels, more series
   * than the ledger has): then the caller takes the ledger as priced instead.
   */
  static restore(ledger: CategoryLedger, saved: SavedProgress): UsageProgress | undefined {
    const names = ledger.layout.labelNames;
    if (!Array.isArray(saved.labelNames) || !Array.isArray(saved.fields)) return undefined;
    if (saved.labelNames.length !== names.length || !names.every((name) => saved.labelNames.includes(name)))
      return undefined;
    const spec = ledger.layout.spec;
    const width = saved.fields.length;
    const at = saved.fields.map((name) => spec.fields.findIndex((field) => field.field === name));
    const place = (from: readonly number[], offset: number, into: Float64Array, base: number) => {
      at.forEach((field, k) => {
        const value = from[offset + k];
        if (field >= 0 && typeof value === 'number' && Number.isFinite(value)) into[base + field] = value;
      });
    };
    if (!Array.isArray(saved.pricedThrough) || width === 0) return undefined;
    const count = saved.pricedThrough.length / width;
    if (!Number.isInteger(count) || count > ledger.series.exportedCount) return undefined;
    const priced = new Float64Array(count * ledger.fieldCount);
    for (let series = 0; series < count; series++)
      place(saved.pricedThrough, series * width, priced, series * ledger.fieldCount);
    const progress = new UsageProgress(ledger, priced);
    if (typeof saved.coveredFrom === 'number') progress.coveredFrom = saved.coveredFrom;
    for (const hour of Array.isArray(saved.hours) ? saved.hours : []) {
      const [start, exported, values] = hour;
      if (typeof start !== 'number' || !Array.isArray(exported) || !Array.isArray(values)) continue;
      const series = new Map<number, Float64Array>();
      exported.forEach((index, k) => {
        const into = new Float64Array(ledger.fieldCount);
        place(values, k * width, into, 0);
        series.set(index, into);
      });
      progress.hours.set(start, series);
    }
    return progress;
  }
}
