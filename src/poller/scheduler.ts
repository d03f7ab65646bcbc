// Runs every poll task on its own timer. Subjects are independent: one failing or slow category
// never delays another's schedule. The tasks of one subject run one at a time, since a category's
// widths share its ledger, and a semaphore bounds how many talk to the upstream at once. Jitter
// spreads subjects apart.

import { setMaxListeners } from 'node:events';
import type { PollResult } from './run-poll.js';
import { Semaphore } from './semaphore.js';

export interface SchedulerClock {
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface PollTask {
  /** Tasks of the same subject never run at once; at start, they run in the order given. */
  readonly subject: string;
  readonly width: string;
  readonly intervalMs: number;
  /** After a failed run, the next comes after at most this long instead of a whole interval. */
  readonly retryMs?: number;
  /**
   * False for a task that must not hold a concurrency slot: the names listing can take many
   * requests, and usage polling must not wait on it. The shared request gate still bounds both.
   */
  readonly bounded?: boolean;
  /** One poll; never rejects (runPoll). */
  run(signal: AbortSignal): Promise<PollResult>;
  /** Called after every run that shutdown did not cut short. */
  onPolled?(changed: boolean): Promise<void>;
}

export interface SchedulerOptions {
  readonly concurrency: number;
  readonly jitter: number;
  readonly clock: SchedulerClock;
  readonly random?: () => number;
}

export class Scheduler {
  private readonly abort = new AbortController();
  private readonly semaphore: Semaphore;
  private readonly subjects = new Map<string, PollTask[]>();
  private readonly loops: Promise<void>[] = [];

  constructor(
    tasks: readonly PollTask[],
    private readonly options: SchedulerOptions,
  ) {
    this.semaphore = new Semaphore(options.concurrency);
    for (const task of tasks) {
      const same = this.subjects.get(task.subject);
      if (same === undefined) this.subjects.set(task.subject, [task]);
      else same.push(task);
    }
    // Each subject's loop listens on this one signal while it sleeps and while its request is in
    // flight; with more than a handful of categories Node's default of 10 listeners would log a
    // false leak warning. A real leak would still pass this higher bound and be reported.
    setMaxListeners(Math.max(10, 4 * this.subjects.size), this.abort.signal);
  }

  start(): void {
    if (this.loops.length > 0) return;
    for (const tasks of this.subjects.values()) this.loops.push(this.loop(tasks));
  }

  /** Stops scheduling; an in-flight poll is aborted. Resolves once every loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(tasks: readonly PollTask[]): Promise<void> {
    const { clock, jitter } = this.options;
    const signal = this.abort.signal;
    const random = this.options.random ?? Math.random;
    const due = new Map<PollTask, number>(tasks.map((task) => [task, clock.now()]));
    while (!signal.aborted) {
      let next = tasks[0] as PollTask;
      for (const task of tasks) if ((due.get(task) ?? 0) < (due.get(next) ?? 0)) next = task;
      const wait = (due.get(next) ?? 0) - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (signal.aborted) break;
      const task = next;
      const run = () => (signal.aborted ? Promise.resolve(ABORTED) : task.run(signal));
      const result = task.bounded === false ? await run() : await this.semaphore.run(run);
      if (signal.aborted) break;
      await task.onPolled?.(result.changed);
      const failed = result.outcome !== 'success';
      const base =
        failed && task.retryMs !== undefined ? Math.min(task.intervalMs, task.retryMs) : task.intervalMs;
      due.set(task, clock.now() + base + base * jitter * random());
    }
  }
}

const ABORTED: PollResult = { outcome: 'aborted', changed: false };
