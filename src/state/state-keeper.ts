// Loads the saved ledgers at start-up and saves them after polls that changed them. Saves are
// coalesced (one at a time, the latest state wins) and a failing disk never stops polling or
// serving: the failure is logged and counted, and the next poll tries again.

import type { Logger } from 'pino';
import { type BucketWidth, type CategoryId, isCategoryId } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/config.js';
import { categoryLayout } from '../ledger/category-layout.js';
import { CategoryLedger } from '../ledger/category-ledger.js';
import { CopyArena } from '../ledger/copy-arena.js';
import type { CategoryPoller } from '../poller/category-poller.js';
import type { Streamable } from './json-stream.js';
import { DEFAULT_PACING, type Pacing, runPaced } from './paced-writer.js';
import {
  moveAside,
  readState,
  type SavedCategory,
  STATE_VERSION,
  StateRecoveryError,
  writeState,
} from './state-file.js';

export interface StateReporter {
  stateSaved(ok: boolean, atSeconds: number): void;
  stateRecovered(reason: string): void;
}

export type RestoredCategories = Map<
  CategoryId,
  { ledger: CategoryLedger; lastSuccess: Partial<Record<BucketWidth, number>> }
>;

export class StateKeeper {
  private saving: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly directory: string,
    private readonly baseUrl: string,
    private readonly reporter: StateReporter,
    private readonly logger: Logger,
    private readonly nowMs: () => number,
    private readonly pacing: Pacing = DEFAULT_PACING,
  ) {}

  /** Ledgers to continue from; an unusable file is moved aside and the exporter starts fresh. */
  async load(config: ExporterConfig): Promise<RestoredCategories> {
    const restored: RestoredCategories = new Map();
    let state: Awaited<ReturnType<typeof readState>>;
    try {
      state = await readState(this.directory);
    } catch (error) {
      if (!(error instanceof StateRecoveryError)) throw error;
      const aside = await moveAside(this.directory, error.reason, this.nowMs());
      this.reporter.stateRecovered(error.reason);
      this.logger.warn(
        { reason: error.reason, err: error.message, moved_to: aside },
        'state file unusable; starting fresh',
      );
      return restored;
    }
    if (state === undefined) {
      this.logger.info({ path: this.directory }, 'no saved state; counting from the trailing windows');
      return restored;
    }
    if (state.baseUrl !== this.baseUrl) {
      const aside = await moveAside(this.directory, 'corrupt', this.nowMs());
      this.reporter.stateRecovered('other_upstream');
      this.logger.warn({ moved_to: aside }, 'saved state belongs to another upstream URL; starting fresh');
      return restored;
    }
    for (const [id, saved] of Object.entries(state.categories)) {
      if (!isCategoryId(id) || !config.categories[id].enabled) continue;
      try {
        restored.set(id, restoreCategory(id, saved, config));
      } catch (error) {
        this.reporter.stateRecovered('category_mismatch');
        this.logger.warn(
          { category: id, err: (error as Error).message },
          'saved category state unusable; it starts fresh',
        );
      }
    }
    this.logger.info({ categories: [...restored.keys()], saved_at: state.savedAt }, 'state restored');
    return restored;
  }

  /** Schedules a save of the pollers' current state; resolves when it (or a later one) is on disk. */
  save(pollers: readonly CategoryPoller[]): Promise<void> {
    this.dirty = true;
    if (this.saving === undefined) {
      this.saving = this.drain(pollers).finally(() => {
        this.saving = undefined;
      });
    }
    return this.saving;
  }

  private async drain(pollers: readonly CategoryPoller[]): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      let now = this.nowMs();
      try {
        const arena = await touchedArenaFor(pollers, this.pacing);
        // Everything saved is captured here, synchronously, at one instant: the ledgers as copies
        // and the poll progress that belongs to them. Requests made while the arena was prepared are
        // covered by it. Writing then takes many turns of the event loop, in which polls may ingest;
        // they are in the next save (`dirty`), never half in this one.
        this.dirty = false;
        now = this.nowMs();
        const categories = capture(pollers, arena);
        await writeState(
          this.directory,
          { version: STATE_VERSION, savedAt: Math.floor(now / 1000), baseUrl: this.baseUrl, categories },
          this.pacing,
        );
        this.reporter.stateSaved(true, now / 1000);
      } catch (error) {
        this.reporter.stateSaved(false, now / 1000);
        this.logger.error(
          { err: (error as Error).message, path: this.directory },
          'saving state failed; will retry after the next poll',
        );
      }
    }
  }
}

function capture(
  pollers: readonly CategoryPoller[],
  arena: CopyArena,
): Record<string, Streamable<SavedCategory>> {
  const categories: Record<string, Streamable<SavedCategory>> = {};
  for (const poller of pollers) {
    const lastSuccess: Record<string, number> = {};
    for (const [width, progress] of Object.entries(poller.progress)) {
      if (progress?.lastSuccess !== undefined) lastSuccess[width] = progress.lastSuccess;
    }
    categories[poller.spec.id] = { ledger: poller.ledger.frozen(arena), lastSuccess };
  }
  return categories;
}

/**
 * Room for copies of the ledgers as they are now, plus slack for what polls add while the pages
 * are touched, so the synchronous copy writes to memory that is already mapped.
 */
async function touchedArenaFor(pollers: readonly CategoryPoller[], pacing: Pacing): Promise<CopyArena> {
  let floats = 0;
  let ints = 0;
  for (const poller of pollers) {
    const size = poller.ledger.copySize();
    floats += size.floats;
    ints += size.ints;
  }
  const arena = new CopyArena(floats + (floats >> 3) + 4096, ints + (ints >> 3) + 1024);
  await runPaced(arena.prefault(), pacing);
  return arena;
}

function restoreCategory(id: CategoryId, saved: SavedCategory, config: ExporterConfig) {
  const layout = categoryLayout(id, config.categories[id].groupBy, config.series.limit);
  const ledger = CategoryLedger.restore(layout, saved.ledger);
  const lastSuccess: Partial<Record<BucketWidth, number>> = {};
  for (const width of ['1m', '1h', '1d'] as const) {
    const value = saved.lastSuccess?.[width];
    if (typeof value === 'number' && Number.isFinite(value)) lastSuccess[width] = value;
  }
  return { ledger, lastSuccess };
}
