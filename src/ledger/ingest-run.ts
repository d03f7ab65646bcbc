// One answer on its way into a ledger, part by part (whole buckets, or runs of one bucket's rows),
// so a large answer is never held whole. Exact for any partition of the answer, and for parts
// given twice: each row carries its bucket's latest absolute value and only growth is counted.
// Each `add` is checked before any of it is counted: a refused part throws LedgerRejectedError and
// the poll fails, while the parts before it stay counted. They were valid, values only grow, and
// the next poll reads the whole window again. Gauges, levels of the answer's newest bucket, are
// set once by `finish` from the rows of that bucket alone.

import type { Bucket, BucketPart } from '../domain/bucket.js';
import { NewestRows } from './gauge-levels.js';
import type { IngestOutcome, IngestTally, LedgerIngest } from './ingest-outcome.js';

/** What the run does to its ledger, given by the ledger so its tables stay its own. */
export interface IngestSteps {
  /** False for a synchronous ingest, which nothing can read between its parts. */
  readonly revisePerPart: boolean;
  /** Throws LedgerRejectedError for a part that must not be counted. */
  check(parts: readonly Bucket[]): void;
  /** Buckets before this are already final and ignored. */
  floor(): number;
  /** Counts (or observes) one bucket's rows. */
  take(bucket: Bucket, tally: IngestTally): void;
  /** Sets the gauges from the answer's newest bucket; true when they changed. Undefined without gauges. */
  readonly levels: ((newest: readonly Bucket[]) => boolean) | undefined;
  revise(): void;
  trim(): void;
}

export class IngestRun implements LedgerIngest {
  readonly #newest: NewestRows | undefined;
  #changed = false;
  #downwardRevisions = 0;
  #staleBuckets = 0;

  constructor(private readonly steps: IngestSteps) {
    this.#newest = steps.levels === undefined ? undefined : new NewestRows();
  }

  add(parts: readonly (Bucket | BucketPart)[]): void {
    const steps = this.steps;
    steps.check(parts);
    const floor = steps.floor();
    const tally: IngestTally = { changed: false, downwardRows: 0 };
    for (const bucket of parts) {
      this.#newest?.note('first' in bucket ? bucket : { ...bucket, first: true });
      if (bucket.startTime < floor) this.#staleBuckets += 1;
      else steps.take(bucket, tally);
    }
    this.#downwardRevisions += tally.downwardRows;
    if (tally.changed) {
      this.#changed = true;
      // Per part, so a render between parts, or after a later part fails the poll, sees the change.
      if (steps.revisePerPart) steps.revise();
    }
  }

  finish(): IngestOutcome {
    const steps = this.steps;
    const gaugesChanged = this.#newest !== undefined && steps.levels?.(this.#newest.buckets()) === true;
    if (gaugesChanged || (!steps.revisePerPart && this.#changed)) steps.revise();
    steps.trim();
    return {
      downwardRevisions: this.#downwardRevisions,
      staleBuckets: this.#staleBuckets,
      changed: this.#changed || gaugesChanged,
    };
  }
}
