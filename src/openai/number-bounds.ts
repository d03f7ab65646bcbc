// What an upstream number may be before it reaches a counter. A counter keeps whatever it was
// given forever, so one absurd value (1e300, or a count past 2^53 that a double no longer holds
// exactly) would poison it for good; such a page is refused instead, like any other malformed page.

/**
 * Largest magnitude of a cost amount or quantity: a quadrillion dollars or units in one day and
 * line item is beyond any organization, yet far below where doubles lose cents.
 */
export const MAX_COST_MAGNITUDE = 1e15;

/** A usage count: a non-negative integer that a double represents exactly. */
export function isExactCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A finite cost amount or quantity (credits may be negative) of sane magnitude. */
export function isSaneCostNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COST_MAGNITUDE;
}
