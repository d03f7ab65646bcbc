// Compares what the exporter serves with the simulator's ground truth, per label set.

import type { GroundTruth } from '../../simulator/index.js';
import { CATEGORIES, CATEGORY_IDS, type CategoryId, type Dimension } from '../../src/catalog/categories.js';
import { type ParsedExposition, parseExposition, sumOf } from './exposition.js';

export interface Mismatch {
  readonly metric: string;
  readonly labels: string;
  readonly expected: number;
  readonly actual: number;
}

/**
 * Every counter family of the category must equal the final totals in [startTime, endTime),
 * label set by label set. `relative` is the tolerance (0 = exact; costs are summed doubles).
 */
export function counterMismatches(
  parsed: ParsedExposition,
  truth: GroundTruth,
  query: { category: CategoryId; startTime: number; endTime: number; groupBy: readonly Dimension[] },
  relative = 0,
): Mismatch[] {
  const spec = CATEGORIES[query.category];
  const rows = truth.finalTotals(query);
  const mismatches: Mismatch[] = [];
  for (const field of spec.fields) {
    if (field.kind !== 'counter') continue;
    const expected = new Map<string, number>();
    for (const row of rows) {
      const key = query.groupBy.map((d) => row.labels[d] ?? '').join('|');
      expected.set(key, (expected.get(key) ?? 0) + (row.values[field.field] ?? 0));
    }
    const actual = new Map<string, number>();
    for (const sample of parsed.samples) {
      if (sample.name !== field.metric) continue;
      const key = query.groupBy.map((d) => sample.labels[d] ?? '').join('|');
      actual.set(key, (actual.get(key) ?? 0) + sample.value);
    }
    for (const key of new Set([...expected.keys(), ...actual.keys()])) {
      const want = expected.get(key) ?? 0;
      const got = actual.get(key) ?? 0;
      const tolerance = relative * Math.max(Math.abs(want), Math.abs(got));
      if (Math.abs(want - got) > tolerance)
        mismatches.push({ metric: field.metric, labels: key, expected: want, actual: got });
    }
  }
  return mismatches;
}

/**
 * For a whole exposition scraped from a process: every counter family's sum must equal the
 * simulator's final total since the category's `openai_exporter_counted_since_timestamp_seconds`.
 * Costs are summed doubles, so they are compared to 1e-9 relative.
 */
export function familySumMismatches(parsed: ParsedExposition, truth: GroundTruth, endTime: number): string[] {
  const problems: string[] = [];
  for (const category of CATEGORY_IDS) {
    const since = parsed.samples.find(
      (s) => s.name === 'openai_exporter_counted_since_timestamp_seconds' && s.labels.category === category,
    )?.value;
    if (since === undefined) {
      problems.push(`${category}: no counted_since`);
      continue;
    }
    // Grouped like the process groups by default: the costs quantity only exists per line item.
    const groupBy = CATEGORIES[category].defaultGroupBy;
    const rows = truth.finalTotals({ category, startTime: since, endTime, groupBy });
    for (const field of CATEGORIES[category].fields) {
      if (field.kind !== 'counter') continue;
      const expected = rows.reduce((sum, row) => sum + (row.values[field.field] ?? 0), 0);
      const actual = sumOf(parsed, field.metric);
      const tolerance = category === 'costs' ? 1e-9 * Math.max(Math.abs(expected), Math.abs(actual)) : 0;
      if (Math.abs(actual - expected) > tolerance)
        problems.push(`${field.metric}: expected ${expected}, got ${actual}`);
    }
  }
  return problems;
}

/**
 * One organization's samples (those labelled `organization="<name>"`), as an exposition of their
 * own, so the checks above compare it with that organization's truth alone.
 */
export function organizationPart(parsed: ParsedExposition, organization: string): ParsedExposition {
  return { ...parsed, samples: parsed.samples.filter((s) => s.labels.organization === organization) };
}

/**
 * Scrapes until every family equals the truth or the deadline passes (a loaded machine may need
 * another poll or two after the upstream settled); returns the last scrape and its mismatches.
 */
export async function scrapeUntilExact(
  metricsUrl: string,
  truth: GroundTruth,
  endTime: number,
  timeoutMs = 30_000,
): Promise<{ text: string; parsed: ParsedExposition; mismatches: string[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(metricsUrl)).text();
    const parsed = parseExposition(text);
    const mismatches = familySumMismatches(parsed, truth, endTime);
    if (mismatches.length === 0 || Date.now() > deadline) return { text, parsed, mismatches };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Label set by label set, every counter must equal its value in `baseline` (scraped when the
 * exporter came back from an outage longer than its backfill limit) plus the final totals from
 * `since(category)`, where that backfill reached back to, until `endTime`. Costs to 1e-9 relative.
 */
export function mismatchesSinceBaseline(
  parsed: ParsedExposition,
  baseline: ParsedExposition,
  truth: GroundTruth,
  since: (category: CategoryId) => number,
  endTime: number,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const category of CATEGORY_IDS) {
    const groupBy = CATEGORIES[category].defaultGroupBy;
    // Costs day by day, as the upstream answers them: a day's credits count apart from its charges.
    const ranges: [number, number][] = [];
    const step = category === 'costs' ? DAY : endTime - since(category);
    for (let start = since(category); start < endTime; start += step)
      ranges.push([start, Math.min(start + step, endTime)]);
    const rows = ranges.flatMap(([startTime, end]) =>
      truth.finalTotals({ category, startTime, endTime: end, groupBy }),
    );
    const key = (labels: Readonly<Record<string, string | null>>) =>
      groupBy.map((d) => labels[d] ?? '').join('|');
    for (const field of CATEGORIES[category].fields) {
      if (field.kind !== 'counter') continue;
      const expected = new Map<string, number>();
      const add = (map: Map<string, number>, k: string, v: number) => map.set(k, (map.get(k) ?? 0) + v);
      for (const row of rows) add(expected, key(row.labels), row.values[field.field] ?? 0);
      for (const s of baseline.samples) if (s.name === field.metric) add(expected, key(s.labels), s.value);
      const actual = new Map<string, number>();
      for (const s of parsed.samples) if (s.name === field.metric) add(actual, key(s.labels), s.value);
      const relative = category === 'costs' ? 1e-9 : 0;
      for (const k of new Set([...expected.keys(), ...actual.keys()])) {
        const want = expected.get(k) ?? 0;
        const got = actual.get(k) ?? 0;
        if (Math.abs(want - got) > relative * Math.max(Math.abs(want), Math.abs(got)))
          mismatches.push({ metric: field.metric, labels: k, expected: want, actual: got });
      }
    }
  }
  return mismatches;
}

const DAY = 86_400;
