// What the polled answers did to the counters: refused as malformed, revised downwards, and the
// ledger's series, folding and start of counting.

import type { Counter, Gauge, Registry } from 'prom-client';
import { counter, FAMILIES, gauge } from './families.js';

export interface LedgerStateReport {
  series: number;
  folded: number;
  countedSince?: number;
  newestEnd?: number;
}

export class IngestMetrics {
  private readonly downwardRevisions: Counter<'category'>;
  private readonly malformedPages: Counter<'category'>;
  private readonly series: Gauge<'category'>;
  private readonly folded: Counter<'category'>;
  private readonly foldedSeen = new Map<string, number>();
  private readonly countedSince: Gauge<'category'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.downwardRevisions = counter(FAMILIES.downwardRevisions, registers);
    this.malformedPages = counter(FAMILIES.malformedPages, registers);
    this.series = gauge(FAMILIES.series, registers);
    this.folded = counter(FAMILIES.folded, registers);
    this.countedSince = gauge(FAMILIES.countedSince, registers);
  }

  ledgerState(category: string, state: LedgerStateReport): void {
    this.series.set({ category }, state.series);
    // The ledger knows the running count (restored across restarts); the counter follows it.
    const foldedBefore = this.foldedSeen.get(category) ?? 0;
    if (state.folded > foldedBefore) this.folded.inc({ category }, state.folded - foldedBefore);
    this.foldedSeen.set(category, state.folded);
    if (state.countedSince !== undefined) this.countedSince.set({ category }, state.countedSince);
  }

  downward(category: string, count: number): void {
    if (count > 0) this.downwardRevisions.inc({ category }, count);
  }

  malformed(category: string): void {
    this.malformedPages.inc({ category });
  }

  /** Every poller parses answers, ledger or not. */
  declarePoller(category: string): void {
    this.malformedPages.inc({ category }, 0);
  }

  declareLedger(category: string): void {
    this.downwardRevisions.inc({ category }, 0);
    this.folded.inc({ category }, 0);
  }
}
