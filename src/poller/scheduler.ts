// Runs every category's polls on their own timers: categories are independent (one failing or
// slow category never delays another's schedule), each category runs one poll at a time, and a
// semaphore bounds how many talk to the upstream at once. Jitter spreads categories apart.

import { setMaxListeners } from 'node:events';
import type { BucketWidth } from '../catalog/categories.js';
import type { CategoryPoller } from './category-poller.js';
import { Semaphore } from './semaphore.js';

export interface SchedulerClock {
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface SchedulerOptions {
  readonly intervalMs: Readonly<Record<BucketWidth, number>>;
  readonly concurrency: number;
  readonly jitter: number;
  readonly clock: SchedulerClock;
  readonly random?: () => number;
  /** Called after each poll that changed a ledger, and after the first poll of each width. */
  readonly onPolled: (poller: CategoryPoller, width: BucketWidth, changed: boolean) => Promise<void>;
}

export class Scheduler {
  private readonly abort = new AbortController();
  private readonly semaphore: Semaphore;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly pollers: readonly CategoryPoller[],
    private readonly options: SchedulerOptions,
  ) {
    this.semaphore = new Semaphore(options.concurrency);
    // Each category's loop listens on this one signal while it sleeps and while its request is in
    // flight; with more than a handful of categories Node's default of 10 listeners would log a
    // false leak warning. A real leak would still pass this higher bound and be reported.
    setMaxListeners(Math.max(10, 4 * pollers.length), this.abort.signal);
  }

  start(): void {
    for (const poller of this.pollers) this.loops.push(this.loop(poller));
  }

  /** Stops scheduling; an in-flight poll is aborted. Resolves once every loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(poller: CategoryPoller): Promise<void> {
    const signal = this.abort.signal;
    const random = this.options.random ?? Math.random;
    // The coarse width first: a fresh install then shows the trailing day at once.
    const widths = [...poller.widths].reverse();
    const due = new Map<BucketWidth, number>(widths.map((width) => [width, this.options.clock.now()]));
    while (!signal.aborted) {
      let next = widths[0] as BucketWidth;
      for (const width of widths) if ((due.get(width) ?? 0) < (due.get(next) ?? 0)) next = width;
      const wait = (due.get(next) ?? 0) - this.options.clock.now();
      if (wait > 0) await this.options.clock.sleep(wait, signal);
      if (signal.aborted) break;
      const changed = await this.semaphore.run(() =>
        signal.aborted ? Promise.resolve(false) : poller.poll(next, signal),
      );
      if (signal.aborted) break;
      await this.options.onPolled(poller, next, changed);
      const interval = this.options.intervalMs[next];
      due.set(next, this.options.clock.now() + interval + interval * this.options.jitter * random());
    }
  }
}
