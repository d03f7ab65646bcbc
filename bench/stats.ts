/** Nearest-rank percentile of ascending samples; 0 when there are none. */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: readonly number[]): number {
  return percentile(Float64Array.from(values).sort(), 0.5);
}

/** Rounded for reading: three significant digits, never more than two decimals. */
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, Math.min(2, 2 - Math.floor(Math.log10(Math.abs(value)))));
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Samples in a text exposition: its lines that are neither comments nor empty. */
export function countSamples(text: string): number {
  let count = 0;
  let lineStart = 0;
  for (;;) {
    const end = text.indexOf('\n', lineStart);
    if (end < 0) break;
    if (text.charCodeAt(lineStart) !== 35 /* # */ && end > lineStart) count += 1;
    lineStart = end + 1;
  }
  return count;
}
