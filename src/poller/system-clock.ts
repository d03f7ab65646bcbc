import { setTimeout as delay } from 'node:timers/promises';
import type { SchedulerClock } from './scheduler.js';

/** The wall clock and real timers, for the running process; tests inject a virtual clock. */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
};
