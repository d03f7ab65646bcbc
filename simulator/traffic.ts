// When traffic happens: a daily UTC rhythm, quieter weekends, the optional traffic window and spike.

import { SimulatorOptionsError } from './organization.js';
import { combine, unitAt } from './prng.js';
import type { TrafficSpike } from './types.js';

const MINUTES_PER_DAY = 1440;

/** Relative activity in (0, 1]: busiest mid-afternoon UTC on weekdays. */
export function rhythm(minute: number): number {
  const minuteOfDay = ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const phase = (2 * Math.PI * (minuteOfDay - 4 * 60)) / MINUTES_PER_DAY;
  const daily = 0.25 + 0.75 * (0.5 - 0.5 * Math.cos(phase));
  // 1970-01-01 was a Thursday; 0 = Sunday.
  const weekday = (Math.floor(minute / MINUTES_PER_DAY) + 4) % 7;
  return weekday === 0 || weekday === 6 ? daily * 0.6 : daily;
}

/** Number of usage events in a minute, with expected value `peak * rhythm`. */
export function eventCount(categoryHash: number, minute: number, peak: number): number {
  const h = combine(categoryHash, minute);
  const noise = 0.7 + 0.6 * unitAt(h, 0x7001);
  return Math.floor(peak * rhythm(minute) * noise + unitAt(h, 0x7002));
}

export interface TrafficWindow {
  /** First minute index (inclusive) with traffic. */
  readonly firstMinute: number;
  /** Minute index (exclusive) after the last minute with traffic. */
  readonly endMinute: number;
}

/** A minute has traffic only if it lies entirely inside [start, end). */
export function trafficWindow(startTime: number | undefined, endTime: number | undefined): TrafficWindow {
  return {
    firstMinute: startTime === undefined ? Number.NEGATIVE_INFINITY : Math.ceil(startTime / 60),
    endMinute: endTime === undefined ? Number.POSITIVE_INFINITY : Math.floor(endTime / 60),
  };
}

/** Events per minute over their usual number: a spike's factor for the minutes inside it, else 1. */
export type SpikeFactor = (minute: number) => number;

export function spikeFactor(spike: TrafficSpike | undefined): SpikeFactor {
  if (spike === undefined) return () => 1;
  const { fromTime, durationSeconds, factor } = spike;
  if (!Number.isSafeInteger(fromTime) || !Number.isSafeInteger(durationSeconds) || durationSeconds <= 0) {
    throw new SimulatorOptionsError(
      `spike.fromTime and spike.durationSeconds must be integers (unix seconds, > 0 seconds), got ${fromTime} and ${durationSeconds}`,
    );
  }
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new SimulatorOptionsError(`spike.factor must be a number > 0, got ${factor}`);
  }
  const inside = trafficWindow(fromTime, fromTime + durationSeconds);
  return (minute) => (minute >= inside.firstMinute && minute < inside.endMinute ? factor : 1);
}
