// What Prometheus saw of the product counters: a reset it saw would double-count a whole window
// in increase(), so end-to-end tests assert there was none.

import type { ParsedExposition } from './exposition.js';
import type { RunningPrometheus } from './processes.js';

/** The product counter families of an exposition (not the exporter's own), by their sample names. */
export function productCounterFamilies(parsed: ParsedExposition): string[] {
  return [...parsed.types.entries()]
    .filter(
      ([name, type]) =>
        type === 'counter' && name.startsWith('openai_') && !name.startsWith('openai_exporter_'),
    )
    .map(([name]) => (name.endsWith('_total') ? name : `${name}_total`));
}

/** The series of `family` that Prometheus saw go down since `sinceSeconds` (Unix seconds). */
export async function counterResets(
  prometheus: RunningPrometheus,
  family: string,
  sinceSeconds: number,
): Promise<Record<string, string>[]> {
  const window = `${Math.ceil(Date.now() / 1000 - sinceSeconds) + 5}s`;
  const resets = await prometheus.query(`resets(${family}[${window}]) > 0`);
  return resets.map((r) => r.metric);
}
