// Memory for the frozen copies a save takes, touched before the synchronous copy, and the poll
// progress saved beside each ledger.

import { type Pacing, runPaced } from '../domain/pacing.js';
import { CopyArena } from '../ledger/copy-arena.js';
import type { CategoryPoller } from '../poller/category-poller.js';

export class SaveArena {
  /** Kept from one save to the next (saves run one at a time), so its pages are touched only once. */
  private arena: CopyArena | undefined;

  constructor(private readonly pacing: Pacing) {}

  /**
   * Room for copies of the ledgers as they are now, plus slack for what polls add while the pages
   * are touched, so the synchronous copy writes to memory that is already mapped. The previous
   * save's arena is reused while it is large enough; copies that do not fit are allocated plainly.
   */
  async touchedFor(pollers: readonly CategoryPoller[]): Promise<CopyArena> {
    let floats = 0;
    let ints = 0;
    for (const poller of pollers) {
      const size = poller.ledger.copySize();
      floats += size.floats;
      ints += size.ints;
    }
    if (this.arena?.fits(floats, ints)) return this.arena.reuse();
    this.arena = undefined;
    const arena = new CopyArena(floats + (floats >> 2) + 4096, ints + (ints >> 2) + 1024);
    await runPaced(arena.prefault(), this.pacing);
    this.arena = arena;
    return arena;
  }
}

export function lastSuccessOf(poller: CategoryPoller): Record<string, number> {
  const lastSuccess: Record<string, number> = {};
  for (const [width, progress] of Object.entries(poller.progress)) {
    if (progress?.lastSuccess !== undefined) lastSuccess[width] = progress.lastSuccess;
  }
  return lastSuccess;
}
