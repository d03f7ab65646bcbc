// What the estimate has added up so far: dollars per project and model (the counter), units it
// could not price, the prices it used, and a few recent days' dollars per project (for comparing
// a settled day with its bill).

import type { UsageCategoryId } from '../catalog/categories.js';
import type { EstimatedSpend, PriceInUse, SpendEstimate, UnpricedUnits } from './spend-estimator.js';

export const DAY = 86_400;

/** The saved form: plain tuples, so a large estimate stays a small file. */
export interface SavedTally {
  readonly spend: readonly (readonly [projectId: string, model: string, usd: number])[];
  readonly unpriced: readonly (readonly [category: string, field: string, model: string, units: number])[];
  readonly days: readonly (readonly [day: number, projectId: string, usd: number])[];
}

export class EstimateTally {
  private readonly spendBy = new Map<string, { projectId: string; model: string; usd: number }>();
  private readonly unpricedBy = new Map<string, UnpricedUnits & { units: number }>();
  private readonly pricesBy = new Map<string, PriceInUse>();
  private readonly daysBy = new Map<number, Map<string, number>>();

  /** Adds an estimate of counter increments to the counters and the prices in use. */
  add(estimate: SpendEstimate): void {
    for (const { projectId, model, usd } of estimate.spend) {
      const key = JSON.stringify([projectId, model]);
      const entry = this.spendBy.get(key) ?? { projectId, model, usd: 0 };
      entry.usd += usd;
      this.spendBy.set(key, entry);
    }
    for (const entry of estimate.unpriced) this.addUnpriced(entry);
    for (const price of estimate.prices) this.pricesBy.set(JSON.stringify([price.model, price.kind]), price);
  }

  addUnpriced({ category, field, model, units }: UnpricedUnits): void {
    const key = JSON.stringify([category, field, model]);
    const entry = this.unpricedBy.get(key) ?? { category, field, model, units: 0 };
    entry.units += units;
    this.unpricedBy.set(key, entry);
  }

  /** Adds the dollars of usage that happened on `day` (Unix seconds of its UTC midnight). */
  addDay(day: number, spend: readonly EstimatedSpend[]): void {
    if (spend.length === 0) return;
    const projects = this.daysBy.get(day) ?? new Map<string, number>();
    for (const { projectId, usd } of spend) projects.set(projectId, (projects.get(projectId) ?? 0) + usd);
    this.daysBy.set(day, projects);
  }

  /** Forgets the days before `day`. */
  forgetDaysBefore(day: number): void {
    for (const known of [...this.daysBy.keys()]) if (known < day) this.daysBy.delete(known);
  }

  get spend(): readonly EstimatedSpend[] {
    return [...this.spendBy.values()];
  }

  get unpriced(): readonly UnpricedUnits[] {
    return [...this.unpricedBy.values()];
  }

  get prices(): readonly PriceInUse[] {
    return [...this.pricesBy.values()];
  }

  /** Estimated dollars per project of usage on `day`; empty when the day is not kept. */
  day(day: number): ReadonlyMap<string, number> {
    return this.daysBy.get(day) ?? new Map();
  }

  saved(): SavedTally {
    return {
      spend: this.spend.map(({ projectId, model, usd }) => [projectId, model, usd] as const),
      unpriced: this.unpriced.map(
        ({ category, field, model, units }) => [category, field, model, units] as const,
      ),
      days: [...this.daysBy].flatMap(([day, projects]) =>
        [...projects].map(([projectId, usd]) => [day, projectId, usd] as const),
      ),
    };
  }

  /** Reads a saved tally; entries of the wrong shape (a hand-edited file) are left out. */
  static restore(saved: Partial<SavedTally> | undefined): EstimateTally {
    const tally = new EstimateTally();
    const rows = (value: unknown): unknown[][] =>
      Array.isArray(value) ? value.filter((row): row is unknown[] => Array.isArray(row)) : [];
    const text = (value: unknown): value is string => typeof value === 'string';
    const count = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
    for (const [projectId, model, usd] of rows(saved?.spend)) {
      if (text(projectId) && text(model) && count(usd))
        tally.add({ spend: [{ projectId, model, usd }], unpriced: [], prices: [] });
    }
    for (const [category, field, model, units] of rows(saved?.unpriced)) {
      if (text(category) && text(field) && text(model) && count(units))
        tally.addUnpriced({ category: category as UsageCategoryId, field, model, units });
    }
    for (const [day, projectId, usd] of rows(saved?.days)) {
      if (count(day) && text(projectId) && count(usd)) tally.addDay(day, [{ projectId, model: '', usd }]);
    }
    return tally;
  }
}
