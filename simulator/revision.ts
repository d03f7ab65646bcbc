// Late revisions: a minute's values keep growing after it ends and become exactly final
// `delay` seconds later. The visible value is floor(final * f(t)), f monotone, so values never shrink.

const PARTIAL_AT_END = 0.6;

/** The fraction of a minute's final values visible at `nowMs`; exactly 1 once final, 0 before it starts. */
export function visibleFraction(minute: number, nowMs: number, delaySeconds: number): number {
  const startMs = minute * 60_000;
  const endMs = startMs + 60_000;
  if (nowMs < startMs) return 0;
  if (nowMs < endMs) return (PARTIAL_AT_END * (nowMs - startMs)) / 60_000;
  const delayMs = delaySeconds * 1000;
  if (nowMs >= endMs + delayMs) return 1;
  return PARTIAL_AT_END + ((1 - PARTIAL_AT_END) * (nowMs - endMs)) / delayMs;
}

/** The first minute index that is not yet final at `nowMs` (minutes before it are final). */
export function firstUnfinalMinute(nowMs: number, delaySeconds: number): number {
  if (nowMs === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return Math.floor((nowMs - (60 + delaySeconds) * 1000) / 60_000) + 1;
}

/** The first minute index that has not started at `nowMs`. */
export function firstFutureMinute(nowMs: number): number {
  if (nowMs === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return Math.floor(nowMs / 60_000) + 1;
}
