// One gate is shared by every category so the exporter as a whole stays polite: a ceiling on
// requests per second, and after any 429 a pause that all categories honour (no retry storms).

import { defaultSleep, type Sleep } from './sleep.js';

export interface RequestGateOptions {
  /** 0 = unlimited. */
  requestsPerSecond: number;
  now?: () => number;
  sleep?: Sleep;
}

export class RequestGate {
  readonly #intervalMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  /** Theoretical arrival time of the next request (GCRA); reservations are taken before sleeping. */
  #nextArrival = Number.NEGATIVE_INFINITY;
  #pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(options: RequestGateOptions) {
    const rate = options.requestsPerSecond;
    if (!Number.isFinite(rate) || rate < 0) {
      throw new RangeError(`requestsPerSecond must be a finite number >= 0, got ${rate}`);
    }
    this.#intervalMs = rate === 0 ? 0 : 1000 / rate;
    // A full second's worth of requests may go out at once; below 1 rps that is a single request.
    this.#burst = Math.max(1, Math.floor(rate));
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  /** Resolves when the caller may send one request; rejects with the signal's reason if aborted while waiting. */
  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await this.#waitOutPause(signal);
    if (this.#intervalMs === 0) return;
    const now = this.#now();
    const arrival = Math.max(this.#nextArrival, now) + this.#intervalMs;
    this.#nextArrival = arrival;
    const allowedAt = arrival - this.#burst * this.#intervalMs;
    if (allowedAt > now) await this.#sleep(allowedAt - now, signal);
  }

  /** Every acquire waits until at least `ms` from now; a shorter pause never cuts a longer one short. */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
  }

  async #waitOutPause(signal: AbortSignal | undefined): Promise<void> {
    // Re-check only when the pause was extended while we slept, so an injected sleep that does not
    // advance the clock still terminates.
    let target = this.#pausedUntil;
    for (;;) {
      const remaining = target - this.#now();
      if (remaining > 0) await this.#sleep(remaining, signal);
      if (this.#pausedUntil <= target) return;
      target = this.#pausedUntil;
    }
  }
}
