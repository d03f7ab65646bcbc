// The day buckets behind the cost gauges: today's and this month's counted values per series,
// read at one instant so a render can write them across turns of the event loop.

import type { CategoryLedger } from '../ledger/category-ledger.js';

const DAY = 86400;

export interface NetSums {
  readonly day: ReadonlyMap<number, Float64Array>;
  readonly month: ReadonlyMap<number, Float64Array>;
  /** Series with spend this month or yesterday, in order. */
  readonly exported: readonly number[];
}

/** Today's and the month's values per series, from the same day buckets the counters are built from. */
export function netSums(ledger: CategoryLedger, nowSeconds: number): NetSums {
  const today = nowSeconds - (nowSeconds % DAY);
  const date = new Date(today * 1000);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
  const day = new Map<number, Float64Array>();
  const month = new Map<number, Float64Array>();
  ledger.countedInCoarse(today, day);
  for (const start of ledger.coarseStarts()) {
    if (start >= monthStart && start <= today) ledger.countedInCoarse(start, month);
  }
  // Yesterday's series too: on the 1st they show 0 for the new month instead of vanishing.
  const yesterday = new Map<number, Float64Array>();
  ledger.countedInCoarse(today - DAY, yesterday);
  const exported = [...new Set([...month.keys(), ...yesterday.keys()])].sort((a, b) => a - b);
  return { day, month, exported };
}
