// Wakes at every UTC midnight, so what depends on the date (today's and this month's spend)
// rolls over on time rather than at the next costs poll, which may be an hour or more away.

import type { SchedulerClock } from './scheduler.js';

const DAY_MS = 86_400_000;

export class DayBoundaryTimer {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly clock: SchedulerClock,
    private readonly onBoundary: () => Promise<void>,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Resolves once a boundary callback in progress has finished. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    let boundary = nextUtcMidnight(this.clock.now());
    while (!signal.aborted) {
      // Timers may fire a little early: sleep again until the boundary has really passed.
      const wait = boundary - this.clock.now();
      if (wait > 0) {
        await this.clock.sleep(wait, signal);
        continue;
      }
      await this.onBoundary().catch(() => undefined);
      boundary = nextUtcMidnight(this.clock.now());
    }
  }
}

export function nextUtcMidnight(nowMs: number): number {
  return (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
}
