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
  const budget = turnBudget(pacing);
  budget.claim();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return step.value;
    if (budget.usedUp) await budget.nextSlice();
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
  readonly #budget: TurnBudget;

  constructor(pacing: Pacing = DEFAULT_PACING) {
    this.#budget = turnBudget(pacing);
    this.#budget.claim();
  }

  async pace(): Promise<void> {
    if (this.#budget.usedUp) await this.#budget.nextSlice();
  }
}

/**
 * One slice per turn of the event loop for every task paced on the same Pacing. With a slice per
 * task, N tasks side by side held the loop N slices at a time: 20 organizations' polls made turns
 * of ~40 ms with 2 ms slices (bench/paced-fanout.ts: loop gap p50 2.2 ms for 1 task, 41 ms for 20).
 */
export class TurnBudget {
  #sliceStart: number;
  #turnPending = false;
  /** Tasks waiting for a slice, in the order they get one: a task that used its slice goes last. */
  #waiting: (() => void)[] = [];

  constructor(private readonly pacing: Pacing) {
    this.#sliceStart = pacing.now();
  }

  /**
   * A task starting while no turn is awaited has the loop to itself: it gets a fresh slice, as a
   * lone task always did. One starting while others wait for a turn shares what is left of theirs.
   */
  claim(): void {
    if (!this.#turnPending) this.#sliceStart = this.pacing.now();
  }

  get usedUp(): boolean {
    return this.pacing.now() - this.#sliceStart >= this.pacing.sliceMs;
  }

  /**
   * Resolves in a later turn of the loop with a fresh slice that is the caller's alone. Waking one
   * task per turn, not all of them, is what keeps a turn to one slice: tasks woken together would
   * each check the budget before any of them had used it.
   */
  nextSlice(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#requestTurn();
    });
  }

  #requestTurn(): void {
    if (this.#turnPending) return;
    this.#turnPending = true;
    void this.pacing.yieldToLoop().then(() => this.#startTurn());
  }

  #startTurn(): void {
    this.#turnPending = false;
    this.#sliceStart = this.pacing.now();
    const next = this.#waiting.shift();
    if (this.#waiting.length > 0) this.#requestTurn();
    next?.();
  }
}

const budgets = new WeakMap<Pacing, TurnBudget>();

/** The budget every task paced on `pacing` shares. */
export function turnBudget(pacing: Pacing): TurnBudget {
  let budget = budgets.get(pacing);
  if (budget === undefined) {
    budget = new TurnBudget(pacing);
    budgets.set(pacing, budget);
  }
  return budget;
}
