// What the estimate has added up so far: dollars per project and model (the counter), units it
// could not price, and a few recent days' dollars per project (for comparing a settled day with
// its bill).

import type { UsageCategoryId } from '../catalog/categories.js';
import type { EstimatedSpend, SpendEstimate, UnpricedUnits } from './spend-estimator.js';

export const DAY = 86_400;

/** The saved form: plain tuples, so a large estimate stays a small file. */
export interface SavedTally {
  /** `owed`: dollars of negative increments not yet repaid by positive ones (see `add`); absent when 0. */
  readonly spend: readonly (readonly [projectId: string, model: string, usd: number, owed?: number])[];
  readonly unpriced: readonly (readonly [category: string, field: string, model: string, units: number])[];
  readonly days: readonly (readonly [day: number, projectId: string, usd: number])[];
}

export class EstimateTally {
  private readonly spendBy = new Map<
    string,
    { projectId: string; model: string; usd: number; owed: number }
  >();
  private readonly unpricedBy = new Map<string, UnpricedUnits & { units: number }>();
  private readonly daysBy = new Map<number, Map<string, number>>();

  /**
   * Adds an estimate of counter increments to the counters. An increment can
   * price negative: uncached input is input_tokens minus the cached tokens, and the two fields may
   * grow in different polls (an optional field that appears late). A counter never goes down, so a
   * negative increment is owed and repaid from the next positive ones: the total still ends exact.
   */
  add(estimate: SpendEstimate): void {
    for (const { projectId, model, usd } of estimate.spend) this.addSpend(projectId, model, usd, 0);
    for (const entry of estimate.unpriced) this.addUnpriced(entry);
  }

  private addSpend(projectId: string, model: string, usd: number, owed: number): void {
    const key = JSON.stringify([projectId, model]);
    const entry = this.spendBy.get(key) ?? { projectId, model, usd: 0, owed: 0 };
    entry.owed += owed;
    if (usd < 0) entry.owed -= usd;
    else {
      const repaid = Math.min(entry.owed, usd);
      entry.owed -= repaid;
      entry.usd += usd - repaid;
    }
    this.spendBy.set(key, entry);
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
    return [...this.spendBy.values()].map(({ projectId, model, usd }) => ({ projectId, model, usd }));
  }

  get unpriced(): readonly UnpricedUnits[] {
    return [...this.unpricedBy.values()];
  }

  /** Estimated dollars per project of usage on `day`; empty when the day is not kept. */
  day(day: number): ReadonlyMap<string, number> {
    return this.daysBy.get(day) ?? new Map();
  }

  saved(): SavedTally {
    return {
      spend: [...this.spendBy.values()].map(({ projectId, model, usd, owed }) =>
        owed > 0 ? ([projectId, model, usd, owed] as const) : ([projectId, model, usd] as const),
      ),
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
    for (const [projectId, model, usd, owed = 0] of rows(saved?.spend)) {
      if (text(projectId) && text(model) && count(usd) && usd >= 0 && count(owed) && owed >= 0)
        tally.addSpend(projectId, model, usd, owed);
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
