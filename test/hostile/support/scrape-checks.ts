// What the fault tests assert on a scrape: series by series, counters by category, and what
// changed for the worse between two consecutive scrapes.

import { CATEGORIES, type CategoryId } from '../../../src/catalog/categories.js';
import type { ParsedExposition, Sample } from '../../support/exposition.js';

export interface Scrape {
  readonly atMinute: number;
  readonly status: number;
  readonly parsed: ParsedExposition;
}

/** A `_total` sample that went down or vanished between two consecutive scrapes. */
export interface Regression {
  readonly atMinute: number;
  readonly series: string;
  readonly before: number;
  readonly after: number | undefined;
}

export function seriesKey(sample: Sample): string {
  const labels = Object.entries(sample.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${sample.name}{${labels.join(',')}}`;
}

/** The `_total` samples of one scrape, by series. */
export function totals(parsed: ParsedExposition, filter: (s: Sample) => boolean = () => true) {
  const out = new Map<string, number>();
  for (const sample of parsed.samples) {
    if (sample.name.endsWith('_total') && filter(sample)) out.set(seriesKey(sample), sample.value);
  }
  return out;
}

export function regressions(before: Scrape, after: Scrape): Regression[] {
  const now = totals(after.parsed);
  const found: Regression[] = [];
  for (const [series, value] of totals(before.parsed)) {
    const next = now.get(series);
    if (next === undefined || next < value)
      found.push({ atMinute: after.atMinute, series, before: value, after: next });
  }
  return found;
}

/** Sum of one family in a scrape, optionally only samples whose labels include `match`. */
export function sampleValue(scrape: Scrape, name: string, match: Record<string, string> = {}): number {
  let total = 0;
  for (const sample of scrape.parsed.samples) {
    if (sample.name !== name) continue;
    if (Object.entries(match).every(([k, v]) => sample.labels[k] === v)) total += sample.value;
  }
  return total;
}

/** True for the product's counters (not the exporter's self-metrics) of one category. */
export function productCounterOf(category: CategoryId): (sample: Sample) => boolean {
  const names = new Set(CATEGORIES[category].fields.filter((f) => f.kind === 'counter').map((f) => f.metric));
  return (sample) => names.has(sample.name);
}
