// What the polled answers did to the counters: refused as malformed, revised downwards, and the
// ledger's series, folding and start of counting.

import type { SelfFamilies } from './families.js';

type IngestFamilies = Pick<
  SelfFamilies,
  'downwardRevisions' | 'malformedPages' | 'series' | 'folded' | 'countedSince'
>;

export interface LedgerStateReport {
  series: number;
  folded: number;
  countedSince?: number;
  newestEnd?: number;
}

export class IngestMetrics {
  private readonly foldedSeen = new Map<string, number>();

  constructor(private readonly families: IngestFamilies) {}

  ledgerState(category: string, state: LedgerStateReport): void {
    this.families.series.set({ category }, state.series);
    // The ledger knows the running count (restored across restarts); the counter follows it.
    const foldedBefore = this.foldedSeen.get(category) ?? 0;
    if (state.folded > foldedBefore) this.families.folded.inc({ category }, state.folded - foldedBefore);
    this.foldedSeen.set(category, state.folded);
    if (state.countedSince !== undefined) this.families.countedSince.set({ category }, state.countedSince);
  }

  downward(category: string, count: number): void {
    if (count > 0) this.families.downwardRevisions.inc({ category }, count);
  }

  malformed(category: string): void {
    this.families.malformedPages.inc({ category });
  }

  /** Every poller parses answers, ledger or not. */
  declarePoller(category: string): void {
    this.families.malformedPages.inc({ category }, 0);
  }

  declareLedger(category: string): void {
    this.families.downwardRevisions.inc({ category }, 0);
    this.families.folded.inc({ category }, 0);
  }
}
