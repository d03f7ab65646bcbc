// Which coarse buckets (hours) answers reached, so a reader that walks every held hour after each
// poll (the spend estimate) can skip the hours nothing reached since it last looked: a minute poll
// reaches one or two hours of the day or more the ledger holds.

import { floorTo } from './floor-to.js';

export class CoarseTouches {
  readonly #revisions = new Map<number, number>();
  #last = 0;

  constructor(private readonly coarseSeconds: number) {}

  /** Notes that a bucket (coarse, or fine within its coarse bucket) starting at `start` was read. */
  touch(start: number): void {
    this.#last += 1;
    this.#revisions.set(floorTo(start, this.coarseSeconds), this.#last);
  }

  /**
   * Changes whenever a bucket of the coarse bucket starting at `start` is read; 0 when none was
   * since this process started (a restored bucket does not change until an answer reaches it).
   */
  revision(start: number): number {
    return this.#revisions.get(start) ?? 0;
  }

  forgetBefore(start: number): void {
    for (const touched of this.#revisions.keys()) if (touched < start) this.#revisions.delete(touched);
  }
}
