// What a started exporter runs until it stops: its poll tasks on the Scheduler, the UTC
// midnight roll-over and the self-metrics refresh.

import type { ExporterConfig } from '../config/config.js';
import { DayBoundaryTimer } from '../poller/day-boundary.js';
import type { PolledSubjects } from '../poller/poll-tasks.js';
import { type PollTask, Scheduler, type SchedulerClock } from '../poller/scheduler.js';
import type { DurableState } from './persist-then-publish.js';

export interface RunOptions {
  readonly clock: SchedulerClock;
  /** Where a changed ledger is saved before it is served, and once more on stop. */
  readonly state: DurableState;
  readonly random?: () => number;
}

/** The exporter as polling sees it. */
export interface PollingTarget {
  readonly pollers: PolledSubjects['pollers'];
  rollOver(): Promise<void>;
  refreshSelfMetrics(): Promise<void>;
}

export interface Polling {
  /** Stops every timer (a poll in flight is aborted) and saves the state one last time. */
  stop(): Promise<void>;
}

const SELF_METRICS_REFRESH_MS = 10_000;

export function startPolling(
  tasks: readonly PollTask[],
  target: PollingTarget,
  config: ExporterConfig,
  options: RunOptions,
): Polling {
  const scheduler = new Scheduler(tasks, {
    concurrency: config.poll.concurrency,
    jitter: config.poll.jitter,
    clock: options.clock,
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  // Today's and this month's spend roll over at UTC midnight, not at the next costs poll.
  const midnight = new DayBoundaryTimer(options.clock, () => target.rollOver());
  // Real time even under an injected clock: it only keeps process metrics fresh between polls.
  const refresher = setInterval(() => void target.refreshSelfMetrics(), SELF_METRICS_REFRESH_MS);
  refresher.unref();
  scheduler.start();
  midnight.start();
  return {
    async stop() {
      clearInterval(refresher);
      await scheduler.stop();
      await midnight.stop();
      await options.state.save(target.pollers);
    },
  };
}
