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
  /** The folded count last seen, by organization, then category. */
  private readonly foldedSeen = new Map<string, Map<string, number>>();

  constructor(private readonly families: IngestFamilies) {}

  ledgerState(organization: string, category: string, state: LedgerStateReport): void {
    const labels = { organization, category };
    this.families.series.set(labels, state.series);
    // The ledger knows the running count (restored across restarts); the counter follows it.
    const seen = this.foldedSeen.get(organization) ?? new Map<string, number>();
    this.foldedSeen.set(organization, seen);
    const foldedBefore = seen.get(category) ?? 0;
    if (state.folded > foldedBefore) this.families.folded.inc(labels, state.folded - foldedBefore);
    seen.set(category, state.folded);
    if (state.countedSince !== undefined) this.families.countedSince.set(labels, state.countedSince);
  }

  downward(organization: string, category: string, count: number): void {
    if (count > 0) this.families.downwardRevisions.inc({ organization, category }, count);
  }

  malformed(organization: string, category: string): void {
    this.families.malformedPages.inc({ organization, category });
  }

  /** Every poller parses answers, ledger or not. */
  declarePoller(organization: string, category: string): void {
    this.families.malformedPages.inc({ organization, category }, 0);
  }

  declareLedger(organization: string, category: string): void {
    this.families.downwardRevisions.inc({ organization, category }, 0);
    this.families.folded.inc({ organization, category }, 0);
  }
}
