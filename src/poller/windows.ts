// Which buckets each poll asks for, and which it may forget afterwards. Every start is aligned
// to its width: the upstream starts the first bucket exactly at start_time, so an unaligned start
// would yield a partial bucket under a key that the next poll does not produce again.

import { floorTo } from '../ledger/category-ledger.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

export interface WindowSettings {
  readonly minuteWindowSeconds: number;
  readonly hourWindowSeconds: number;
  readonly settleDays: number;
  readonly backfillMaxSeconds: number;
}

export interface PollWindow {
  readonly startTime: number;
  /** Buckets starting before this are final once the poll succeeded and can be forgotten. */
  readonly pruneBefore: number;
  /** The window reaches back beyond the regular one to fill a gap left by downtime. */
  readonly backfill?: boolean;
}

/** 1m buckets over the trailing window; minutes that leave it stay counted in their hour. */
export function minuteWindow(now: number, settings: WindowSettings): PollWindow {
  const start = floorTo(now - settings.minuteWindowSeconds, MINUTE);
  return { startTime: start, pruneBefore: start };
}

/**
 * 1h buckets over the trailing window, reaching back to cover any gap since the last successful
 * poll (downtime), but never further than the backfill limit.
 */
export function hourWindow(
  now: number,
  lastSuccess: number | undefined,
  settings: WindowSettings,
): PollWindow {
  const regular = floorTo(now - settings.hourWindowSeconds, HOUR);
  const limit = floorTo(now - settings.backfillMaxSeconds, HOUR);
  const sinceLast =
    lastSuccess === undefined ? regular : floorTo(lastSuccess - settings.hourWindowSeconds, HOUR);
  const start = Math.max(limit, Math.min(regular, sinceLast));
  return { startTime: start, pruneBefore: regular, backfill: start < regular - HOUR };
}

/**
 * 1d cost buckets: today and the days still settling, back to the last day seen after downtime;
 * on the first start from the beginning of the month too, for the month-to-date gauge. Days of
 * the current month are kept (not re-read) so that gauge stays complete.
 */
export function dayWindow(
  now: number,
  lastSuccess: number | undefined,
  settings: WindowSettings,
): PollWindow {
  const today = floorTo(now, DAY);
  const settling = today - settings.settleDays * DAY;
  const monthStart = startOfMonth(today);
  const limit = floorTo(now - settings.backfillMaxSeconds, DAY);
  const wanted =
    lastSuccess === undefined
      ? Math.min(monthStart, settling)
      : floorTo(lastSuccess, DAY) - settings.settleDays * DAY;
  const start = lastSuccess === undefined ? wanted : Math.max(limit, Math.min(settling, wanted));
  return { startTime: start, pruneBefore: Math.min(monthStart, settling), backfill: start < settling };
}

export function startOfMonth(seconds: number): number {
  const date = new Date(seconds * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
}
