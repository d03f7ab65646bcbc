// What an ingest is told besides the buckets, and what it reports back.

import type { Bucket, BucketPart } from '../domain/bucket.js';

export interface IngestOptions {
  /** The latest fine poll failed or none has succeeded yet, so a coarse answer sets the gauges. */
  readonly fineFailing?: boolean;
  /**
   * A coarse bucket starting before this that the ledger does not track yet is only observed: its
   * values are recorded as already counted (so gauges built from the buckets see them and later
   * answers add only growth) without reaching the counters or moving `countedSince`. That is how
   * a gap longer than the backfill limit is skipped.
   */
  readonly countFrom?: number;
}

export interface IngestOutcome {
  /** Rows whose value went below one already seen for the same bucket and label set. */
  readonly downwardRevisions: number;
  /** Buckets older than what the ledger still tracks; already final, so ignored. */
  readonly staleBuckets: number;
  readonly changed: boolean;
}

/** An ingest fed part by part (see `CategoryLedger.beginIngest`). */
export interface LedgerIngest {
  /** Counts whole buckets or runs of one bucket's rows; throws LedgerRejectedError before counting a refused part. */
  add(parts: readonly (Bucket | BucketPart)[]): void;
  /** Sets the gauges from the answer's newest bucket and reports the whole answer. */
  finish(): IngestOutcome;
}

/** The outcome while an ingest runs, summed over its buckets. */
export interface IngestTally {
  changed: boolean;
  /** Rows below a value already seen: `downwardRevisions`. */
  downwardRows: number;
}
