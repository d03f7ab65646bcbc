// The exporter's polls as Scheduler tasks: every category at each of its widths, the names
// listing and the limits, at the configured intervals. The one place that knows which interval drives which poll.

import type { BucketWidth } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/config.js';
import { LIMITS_SUBJECT, NAMES_SUBJECT } from '../openai/index.js';
import type { CategoryPoller } from './category-poller.js';
import { LIMITS_WIDTH, type LimitsPoller } from './limits-poller.js';
import { NAMES_WIDTH, type NamesPoller } from './names-poller.js';
import type { PollTask } from './scheduler.js';

/** After a failed names poll the next comes sooner: a listing that failed may be back in minutes. */
export const NAMES_RETRY_MS = 5 * 60_000;

export interface PollIntervals {
  readonly widths: Readonly<Record<BucketWidth, number>>;
  readonly namesMs: number;
  readonly limitsMs: number;
}

export function pollIntervals(config: ExporterConfig): PollIntervals {
  return {
    widths: {
      '1m': config.poll.intervalMs,
      '1h': config.poll.hourlyIntervalMs,
      '1d': config.costs.intervalMs,
    },
    namesMs: config.names.intervalMs,
    limitsMs: config.limits.intervalMs,
  };
}

export interface PolledSubjects {
  readonly pollers: readonly CategoryPoller[];
  readonly names?: NamesPoller | undefined;
  readonly limits?: LimitsPoller | undefined;
}

/** What runs after each poll, before the next poll of the same subject. */
export interface PollHooks {
  afterPoll(poller: CategoryPoller, width: BucketWidth, changed: boolean): Promise<void>;
  afterNamesPoll(changed: boolean): Promise<void>;
  afterLimitsPoll(changed: boolean): Promise<void>;
}

export function pollTasks(subjects: PolledSubjects, intervals: PollIntervals, hooks: PollHooks): PollTask[] {
  const tasks = categoryTasks(subjects.pollers, intervals.widths, hooks.afterPoll);
  if (subjects.names !== undefined)
    tasks.push(namesTask(subjects.names, intervals.namesMs, hooks.afterNamesPoll));
  if (subjects.limits !== undefined)
    tasks.push(limitsTask(subjects.limits, intervals.limitsMs, hooks.afterLimitsPoll));
  return tasks;
}

export function categoryTasks(
  pollers: readonly CategoryPoller[],
  intervalMs: Readonly<Record<BucketWidth, number>>,
  afterPoll?: PollHooks['afterPoll'],
): PollTask[] {
  return pollers.flatMap((poller) =>
    // The coarse width first: a fresh install then shows the trailing day at once.
    [...poller.widths].reverse().map(
      (width): PollTask => ({
        subject: poller.spec.id,
        width,
        intervalMs: intervalMs[width],
        run: (signal) => poller.execute(width, signal),
        ...(afterPoll === undefined ? {} : { onPolled: (changed) => afterPoll(poller, width, changed) }),
      }),
    ),
  );
}

export function namesTask(
  poller: NamesPoller,
  intervalMs: number,
  afterNamesPoll?: PollHooks['afterNamesPoll'],
  retryMs = NAMES_RETRY_MS,
): PollTask {
  return {
    subject: NAMES_SUBJECT,
    width: NAMES_WIDTH,
    intervalMs,
    retryMs,
    // Names change rarely and a full listing can take many requests: it must not hold a slot
    // usage polls wait for.
    bounded: false,
    run: (signal) => poller.execute(signal),
    ...(afterNamesPoll === undefined ? {} : { onPolled: afterNamesPoll }),
  };
}

export function limitsTask(
  poller: LimitsPoller,
  intervalMs: number,
  afterLimitsPoll?: PollHooks['afterLimitsPoll'],
): PollTask {
  return {
    subject: LIMITS_SUBJECT,
    width: LIMITS_WIDTH,
    intervalMs,
    // A poll reads a few endpoints per project and first waits for the project list: like the
    // names, it must not hold a slot usage polls wait for. The shared request gate paces it.
    bounded: false,
    run: (signal) => poller.execute(signal),
    ...(afterLimitsPoll === undefined ? {} : { onPolled: afterLimitsPoll }),
  };
}
