// Long synchronous work (a save's encoding, a category's render) run in slices of a few
// milliseconds, each followed by a turn of the event loop, so scrapes and timers are answered
// meanwhile. Shared by the state writer and the renderers; the clock and the yield are injected so
// tests count slices instead of timing them.

export interface Pacing {
  /** How long work may run before it lets the event loop take a turn. */
  readonly sliceMs: number;
  readonly now: () => number;
  readonly yieldToLoop: () => Promise<void>;
}

/**
 * 2 ms slices: with 5 ms ones, scavenges of the piece strings and a chunk conversion on top of a
 * slice made the longest save stall at 100k series 16-21 ms on an idle machine; with 2 ms it was
 * 11-12 ms, and the save took no longer (bench/save-run.ts --scales=100k, 2026-12-02).
 */
export const DEFAULT_PACING: Pacing = {
  sliceMs: 2,
  now: () => performance.now(),
  yieldToLoop: () => new Promise((resolve) => setImmediate(resolve)),
};

/** Runs the steps, letting the event loop take a turn whenever a slice is used up. */
export async function runPaced(steps: Iterable<unknown>, pacing: Pacing): Promise<void> {
  await finishPaced(steps[Symbol.iterator](), pacing);
}

/** `runPaced` for steps that end in a result: resolves to it. */
export async function finishPaced<T>(steps: Iterator<unknown, T>, pacing: Pacing): Promise<T> {
  let sliceStart = pacing.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return step.value;
    if (pacing.now() - sliceStart < pacing.sliceMs) continue;
    await pacing.yieldToLoop();
    sliceStart = pacing.now();
  }
}

/** The result of steps run in one go, without a turn of the event loop. */
export function finishNow<T>(steps: Iterator<unknown, T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
}

/**
 * For work that is already a loop of awaits: reading a stream whose data is buffered resolves its
 * reads as microtasks, which never give the event loop a turn, so a large page read would hold
 * scrapes for all of it. `pace()` after each piece takes a turn once a slice is used up.
 */
export class SliceKeeper {
  #sliceStart: number;

  constructor(private readonly pacing: Pacing = DEFAULT_PACING) {
    this.#sliceStart = pacing.now();
  }

  async pace(): Promise<void> {
    if (this.pacing.now() - this.#sliceStart < this.pacing.sliceMs) return;
    await this.pacing.yieldToLoop();
    this.#sliceStart = this.pacing.now();
  }
}
