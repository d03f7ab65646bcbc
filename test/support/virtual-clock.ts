import type { SchedulerClock } from '../../src/poller/scheduler.js';

/** A clock whose sleeps resolve only when the test advances time. */
export class VirtualClock implements SchedulerClock {
  private sleepers: { until: number; resolve: () => void }[] = [];

  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const onAbort = () => resolve();
      // A sleep that ends on time lets go of the signal: a long run would otherwise pile up
      // listeners on the scheduler's one signal and trip Node's leak warning.
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.sleepers.push({ until: this.time + ms, resolve: wake });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many sleeps are waiting for time to pass. */
  get pending(): number {
    return this.sleepers.length;
  }

  async advance(ms: number, step = 1000): Promise<void> {
    const end = this.time + ms;
    await this.flush();
    while (this.time < end) {
      this.time = Math.min(end, this.time + step);
      const due = this.sleepers.filter((s) => s.until <= this.time);
      this.sleepers = this.sleepers.filter((s) => s.until > this.time);
      for (const sleeper of due) sleeper.resolve();
      await this.flush();
    }
  }

  private async flush(): Promise<void> {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
}
