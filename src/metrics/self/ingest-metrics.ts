// What the polled answers did to the counters: refused as malformed, revised downwards, and the
// ledger's series, folding and start of counting.

import { Counter, Gauge, type Registry } from 'prom-client';

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
    this.downwardRevisions = new Counter({
      name: 'openai_exporter_downward_revisions_total',
      help: 'Bucket values that went down between two polls; they are logged and never subtracted.',
      labelNames: ['category'],
      registers,
    });
    this.malformedPages = new Counter({
      name: 'openai_exporter_malformed_pages_total',
      help: 'OpenAI API answers refused as malformed; the poll failed and the last good values were kept.',
      labelNames: ['category'],
      registers,
    });
    this.series = new Gauge({
      name: 'openai_exporter_series',
      help: 'Label sets exported for this category.',
      labelNames: ['category'],
      registers,
    });
    this.folded = new Counter({
      name: 'openai_exporter_folded_label_sets_total',
      help: 'Label sets folded into the __other__ series because the series limit was reached.',
      labelNames: ['category'],
      registers,
    });
    this.countedSince = new Gauge({
      name: 'openai_exporter_counted_since_timestamp_seconds',
      help: 'Start of the earliest bucket included in the counters of this category.',
      labelNames: ['category'],
      registers,
    });
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
