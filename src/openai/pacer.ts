// Reading a large page is a long run of synchronous work between awaits that may not give the
// event loop a turn (a stream whose data is already buffered resolves its reads as microtasks), so
// scrapes would wait for the whole page. The reader lets the event loop run every few milliseconds.

/** Longest stretch of synchronous reading before the event loop gets a turn. */
const SLICE_MS = 5;

export class Pacer {
  #since = performance.now();

  /** Yields to the event loop once the current stretch exceeds the slice. */
  async pace(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#since = performance.now();
  }
}
