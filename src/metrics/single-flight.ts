// One run of a task at a time, and at most one more queued behind it that every caller arriving
// meanwhile shares. The queued run starts only after the running one ends and a turn of the event
// loop has passed, so it sees every change its callers made before asking: a caller that awaits
// run() is served a result that includes its own changes, however many callers share it.

export type NextTurn = () => Promise<void>;

const setImmediateTurn: NextTurn = () => new Promise((resolve) => setImmediate(resolve));

export class SingleFlight {
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #task: (() => Promise<void>) | undefined;

  constructor(private readonly nextTurn: NextTurn = setImmediateTurn) {}

  /** Runs `task`, or the task of the latest caller sharing the queued run (they are alike). */
  run(task: () => Promise<void>): Promise<void> {
    this.#task = task;
    if (this.#queued !== undefined) return this.#queued;
    const queued = this.#after(this.#running);
    this.#queued = queued;
    return queued;
  }

  async #after(running: Promise<void> | undefined): Promise<void> {
    // A failed run is its callers' error; the queued run is owed to later callers regardless.
    await running?.catch(() => undefined);
    await this.nextTurn();
    // From here on, a new caller's changes may be missed by this run: it queues the next one.
    const flight = this.#queued;
    this.#queued = undefined;
    this.#running = flight;
    try {
      await (this.#task as () => Promise<void>)();
    } finally {
      if (this.#running === flight) this.#running = undefined;
    }
  }
}
