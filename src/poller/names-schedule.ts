// The names poller's own timer: names change rarely and a full listing can take many requests,
// so it runs beside the category scheduler rather than holding one of its concurrency slots.
// The shared request gate still bounds the requests per second of both.

import type { NamesPoller } from './names-poller.js';
import type { SchedulerClock } from './scheduler.js';

export interface NamesScheduleOptions {
  readonly intervalMs: number;
  /** After a failed poll, the next one comes after at most this long instead of a whole interval. */
  readonly retryMs?: number;
  readonly jitter: number;
  readonly clock: SchedulerClock;
  readonly random?: () => number;
  /** Called after every poll. */
  readonly onPolled: (changed: boolean) => Promise<void>;
}

const DEFAULT_RETRY_MS = 5 * 60_000;

export class NamesSchedule {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly poller: NamesPoller,
    private readonly options: NamesScheduleOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops the timer; an in-flight poll is aborted. Resolves once the loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { clock, intervalMs, jitter } = this.options;
    const signal = this.abort.signal;
    const random = this.options.random ?? Math.random;
    while (!signal.aborted) {
      const changed = await this.poller.poll(signal);
      if (signal.aborted) break;
      await this.options.onPolled(changed);
      const failed = this.poller.progress.lastError !== undefined;
      const base = failed ? Math.min(intervalMs, this.options.retryMs ?? DEFAULT_RETRY_MS) : intervalMs;
      await clock.sleep(base + base * jitter * random(), signal);
    }
  }
}
