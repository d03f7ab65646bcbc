// Each category's exposition part, rendered in slices (turns of the event loop between them) after
// its polls and at UTC midnight. One category's renders run one at a time, in the order asked:
// the midnight roll-over runs on its own timer, and across turns of the loop an older body could
// otherwise be published after a newer one.

import type { CategoryId } from '../catalog/categories.js';
import type { Pacing } from '../domain/pacing.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import type { PartSink } from '../metrics/fleet-exposition.js';
import { LedgerRenderer } from '../metrics/ledger-renderer.js';

export class CategoryRenders {
  private readonly renderers = new Map<CategoryId, LedgerRenderer>();
  private readonly ledgers = new Map<CategoryId, CategoryLedger>();
  private readonly queues = new Map<CategoryId, Promise<void>>();

  constructor(
    private readonly parts: PartSink,
    private readonly nowMs: () => number,
    private readonly pacing: Pacing,
  ) {}

  add(id: CategoryId, ledger: CategoryLedger, organization: string): void {
    this.renderers.set(id, new LedgerRenderer(ledger, organization));
    this.ledgers.set(id, ledger);
  }

  /**
   * Re-renders a category after a poll of it: when the poll changed it, when a render missed a
   * change, and always for the cost gauges, which depend on the current day.
   */
  afterPoll(id: CategoryId, ledger: CategoryLedger, changed: boolean): Promise<void> {
    return this.queued(id, async (renderer) => {
      if (changed || renderer.dependsOnDate || renderer.renderedRevision !== ledger.revision)
        await this.publish(id, renderer);
    });
  }

  /** Re-renders what depends on the date (the cost gauges) at a UTC day boundary, without a poll. */
  async rollOver(): Promise<void> {
    for (const [id, renderer] of this.renderers) {
      if (!renderer.dependsOnDate) continue;
      await this.queued(id, async () => {
        // A revision not yet rendered is a poll's that is still reading its answer or has not
        // saved it yet: that poll renders it, with the new date, once it is durable. Shown now, a
        // kill -9 could take back counts Prometheus has scraped.
        if (renderer.renderedRevision !== this.ledgers.get(id)?.revision) return;
        await this.publish(id, renderer);
      });
    }
  }

  private async publish(id: CategoryId, renderer: LedgerRenderer): Promise<void> {
    const nowSeconds = Math.floor(this.nowMs() / 1000);
    await this.parts.update(id, await renderer.renderSliced(nowSeconds, this.pacing));
  }

  private queued(id: CategoryId, job: (renderer: LedgerRenderer) => Promise<void>): Promise<void> {
    const renderer = this.renderers.get(id) as LedgerRenderer;
    const done = (this.queues.get(id) ?? Promise.resolve()).then(() => job(renderer));
    // A failed render is the caller's to report; the next one still runs.
    this.queues.set(
      id,
      done.catch(() => undefined),
    );
    return done;
  }
}
