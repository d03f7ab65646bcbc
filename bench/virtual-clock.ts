// A clock that only moves when told to, with sleeps that end when it passes their deadline, so a
// scheduler can be run through simulated hours in seconds.

interface Timer {
  readonly due: number;
  readonly resolve: () => void;
}

export class VirtualClock {
  private readonly timers: Timer[] = [];

  constructor(public nowMs: number) {}

  readonly now = (): number => this.nowMs;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      const onAbort = () => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        resolve();
      };
      const timer: Timer = {
        due: this.nowMs + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  /** The earliest deadline of a sleeper; Infinity when none sleeps. */
  get nextDue(): number {
    return this.timers.reduce((earliest, timer) => Math.min(earliest, timer.due), Number.POSITIVE_INFINITY);
  }

  get sleepers(): number {
    return this.timers.length;
  }

  /** Moves to the earliest deadline and wakes every sleeper due by then; false when none sleeps. */
  advance(): boolean {
    if (this.timers.length === 0) return false;
    const due = Math.min(...this.timers.map((timer) => timer.due));
    this.nowMs = Math.max(this.nowMs, due);
    for (const timer of this.timers.filter((t) => t.due <= this.nowMs)) {
      this.timers.splice(this.timers.indexOf(timer), 1);
      timer.resolve();
    }
    return true;
  }
}
