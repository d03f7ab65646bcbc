// A billed quantity in the unit its usage field counts. The bill names its unit per row
// (`quantity_unit`); a unit that does not fit the charge makes the row unusable for pricing
// rather than silently off by a factor of a thousand.

import type { UnitClass } from './line-item-map.js';

/** Usage units per billed unit, by the unit class of the charge. */
const PER_BILLED_UNIT: Readonly<Record<UnitClass, Readonly<Record<string, number>>>> = {
  tokens: { tokens: 1, '1000_tokens': 1000 },
  images: { images: 1 },
  characters: { characters: 1 },
  seconds: { duration_seconds: 1, duration_minutes: 60, duration_hours: 3600 },
  // Sessions and tool calls are counts: the bill names no unit for them (`null`, "no single unit").
  count: { '': 1 },
};

/** The quantity in usage units, or undefined when `unit` is not one this charge is billed in. */
export function usageQuantity(
  unitClass: UnitClass,
  quantity: number,
  unit: string | null,
): number | undefined {
  const factors = PER_BILLED_UNIT[unitClass];
  const key = unit ?? '';
  // Own keys only: a unit named "constructor" must not find Object.prototype's.
  return Object.hasOwn(factors, key) ? quantity * (factors[key] ?? Number.NaN) : undefined;
}
