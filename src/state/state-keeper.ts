// Loads the saved ledgers at start-up and saves them after polls that changed them. An equivalent
// configuration continues (see ./identity.ts); disabled categories keep their saved entries. Saves are
// coalesced (one at a time, the latest state wins) and a failing disk never stops polling or
// serving: the failure is logged and counted, and the next poll tries again.

import type { Logger } from 'pino';
import { type BucketWidth, type CategoryId, isCategoryId } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/config.js';
import type { QueryFilters } from '../domain/bucket.js';
import { DEFAULT_PACING, type Pacing } from '../domain/pacing.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import type { CategoryPoller } from '../poller/category-poller.js';
import { identityChange, restoreCategory } from './category-restore.js';
import { type OrganizationVerdict, type UpstreamIdentity, verifyOrganization } from './identity.js';
import { IdentityRecord } from './identity-record.js';
import type { Streamable } from './json-stream.js';
import { lastSuccessOf, SaveArena } from './save-arena.js';
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
  private readonly arena: SaveArena;
  /** Saved entries of categories not polled now (disabled ones), written back verbatim. */
  private carried: Record<string, SavedCategory> = {};
  /** The key and organization the counters belong to; what a rotated key is checked against. */
  readonly identityRecord: IdentityRecord;
  private filters = new Map<string, QueryFilters>();
  /** The saved estimate section, for this organization; carried verbatim while nothing keeps it. */
  private savedEstimate: unknown;
  private freezeEstimate: (() => unknown) | undefined;

  constructor(
    private readonly directory: string,
    private readonly baseUrl: string,
    private readonly reporter: StateReporter,
    private readonly logger: Logger,
    private readonly nowMs: () => number,
    /** Without it (tests, benchmarks) the saved organization is taken as the current one. */
    private readonly identity?: UpstreamIdentity,
    private readonly pacing: Pacing = DEFAULT_PACING,
    /**
     * Asked when the key answers for another organization than the saved counters': true refuses
     * the key (a listed organization's entry) instead of starting afresh with the other's data.
     */
    private readonly refuseOtherOrganization?: (saved: string, answered: string) => boolean,
  ) {
    this.arena = new SaveArena(this.pacing);
    this.identityRecord = new IdentityRecord(identity);
  }

  /**
   * Ledgers to continue from. An unusable file is moved aside; a file of another organization, or
   * a category with other labels or filters, starts afresh with one warning naming the change.
   */
  async load(config: ExporterConfig): Promise<RestoredCategories> {
    const restored: RestoredCategories = new Map();
    for (const [id, category] of Object.entries(config.categories)) this.filters.set(id, category.filters);
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
      this.identityRecord.adopt(undefined);
      return restored;
    }
    if (state === undefined) {
      this.logger.info({ path: this.directory }, 'no saved state; counting from the trailing windows');
      this.identityRecord.adopt(undefined);
      return restored;
    }
    const verdict: OrganizationVerdict =
      this.identity === undefined
        ? { same: true }
        : await verifyOrganization(state.identity, state.baseUrl, this.identity, this.baseUrl);
    this.identityRecord.loaded(state.identity);
    const saved = state.identity?.organizationId;
    const refused =
      !verdict.same &&
      saved !== undefined &&
      verdict.organizationId !== undefined &&
      this.refuseOtherOrganization?.(saved, verdict.organizationId) === true;
    // A refused key sends nothing: the counters stay as saved, for the organization they belong to.
    if (!refused) this.identityRecord.adopt(verdict.organizationId);
    if (!verdict.same && !refused) {
      this.reporter.stateRecovered('other_organization');
      this.logger.warn(
        { change: verdict.note, path: this.directory },
        `saved state belongs to another organization (${verdict.note}); every category starts afresh`,
      );
      return restored;
    }
    if (verdict.note !== undefined) {
      // A rotated key is routine; only a change that could not be verified deserves a warning.
      const log = verdict.unverified
        ? this.logger.warn.bind(this.logger)
        : this.logger.info.bind(this.logger);
      log({ change: verdict.note }, `${verdict.note}; the saved counters continue`);
    }
    this.carried = { ...state.categories };
    this.savedEstimate = state.estimate;
    const changes: string[] = [];
    for (const [id, saved] of Object.entries(state.categories)) {
      if (!isCategoryId(id) || !config.categories[id].enabled) continue;
      const change = identityChange(id, saved, config);
      if (change !== undefined) {
        this.reporter.stateRecovered(change.reason);
        changes.push(change.change);
        continue;
      }
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
    if (changes.length > 0) {
      this.logger.warn(
        { changes },
        `configuration changed what is counted; starting afresh: ${changes.join('; ')}`,
      );
    }
    this.logger.info({ categories: [...restored.keys()], saved_at: state.savedAt }, 'state restored');
    return restored;
  }

  /** The estimate section of the state file loaded, if it was of this organization. */
  get estimateSection(): unknown {
    return this.savedEstimate;
  }

  /**
   * What to save as the estimate section: called in the same synchronous step that freezes the
   * ledgers, so the estimate never counts an increment the saved ledgers do not hold, nor drops one.
   */
  keepEstimate(freeze: () => unknown): void {
    this.freezeEstimate = freeze;
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

  /** Settles once the background lookup of the organization (if any) has answered. */
  async organizationLearned(): Promise<void> {
    await this.identityRecord.learned();
  }

  private async drain(pollers: readonly CategoryPoller[]): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      let now = this.nowMs();
      try {
        const arena = await this.arena.touchedFor(pollers);
        // Everything saved is captured here, synchronously, at one instant: the ledgers as copies
        // and the poll progress that belongs to them. Requests made while the arena was prepared are
        // covered by it. Writing then takes many turns of the event loop, in which polls may ingest;
        // they are in the next save (`dirty`), never half in this one.
        this.dirty = false;
        now = this.nowMs();
        const categories: Record<string, Streamable<SavedCategory>> = { ...this.carried };
        const estimate = this.freezeEstimate === undefined ? this.savedEstimate : this.freezeEstimate();
        for (const poller of pollers) {
          const filters = this.filters.get(poller.spec.id);
          categories[poller.spec.id] = {
            ledger: poller.ledger.frozen(arena),
            lastSuccess: lastSuccessOf(poller),
            ...(filters === undefined ? {} : { filters }),
          };
        }
        await writeState(
          this.directory,
          {
            version: STATE_VERSION,
            savedAt: Math.floor(now / 1000),
            baseUrl: this.baseUrl,
            ...(this.identityRecord.saved === undefined ? {} : { identity: this.identityRecord.saved }),
            categories,
            ...(estimate === undefined ? {} : { estimate }),
          },
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
