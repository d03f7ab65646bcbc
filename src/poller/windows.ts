// Which buckets each poll asks for, and which it may forget afterwards. Every start is aligned
// to its width: the upstream starts the first bucket exactly at start_time, so an unaligned start
// would yield a partial bucket under a key that the next poll does not produce again.

import { floorTo } from '../ledger/floor-to.js';

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
  /**
   * Buckets starting before this are read only to complete the month-to-date gauge: a bucket the
   * ledger does not track yet is recorded as already counted, so the counters skip it.
   */
  readonly countFrom?: number;
}

/** 1m buckets over the trailing window; minutes that leave it stay counted in their hour. */
export function minuteWindow(now: number, settings: WindowSettings): PollWindow {
  const start = floorTo(now - settings.minuteWindowSeconds, MINUTE);
  return { startTime: start, pruneBefore: start };
}

/**
 * 1h buckets over the trailing window, reaching back to cover any gap since the last successful
 * poll (downtime). The backfill limit only caps that reach into the gap: the trailing window is
 * always read in full.
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
  const start = Math.min(regular, Math.max(limit, sinceLast));
  return { startTime: start, pruneBefore: regular, backfill: start < regular - HOUR };
}

/**
 * 1d cost buckets: today and the days still settling, back to the last day seen after downtime;
 * on the first start from the beginning of the month too, for the month-to-date gauge. Days of
 * the current month are kept (not re-read) so that gauge stays complete. A gap longer than the
 * backfill limit is counted only as far back as the limit allows, but the whole month is still
 * read (one request) so the month-to-date gauge is complete; the older days are only observed.
 */
export function dayWindow(
  now: number,
  lastSuccess: number | undefined,
  settings: WindowSettings,
): PollWindow {
  const today = floorTo(now, DAY);
  const settling = today - settings.settleDays * DAY;
  const keepFrom = Math.min(startOfMonth(today), settling);
  if (lastSuccess === undefined) {
    return { startTime: keepFrom, pruneBefore: keepFrom, backfill: keepFrom < settling };
  }
  const limit = floorTo(now - settings.backfillMaxSeconds, DAY);
  const wanted = floorTo(lastSuccess, DAY) - settings.settleDays * DAY;
  const countFrom = Math.min(settling, Math.max(limit, wanted));
  const start = wanted < countFrom ? Math.min(countFrom, keepFrom) : countFrom;
  return {
    startTime: start,
    pruneBefore: keepFrom,
    backfill: start < settling,
    ...(start < countFrom ? { countFrom } : {}),
  };
}

export function startOfMonth(seconds: number): number {
  const date = new Date(seconds * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
}
