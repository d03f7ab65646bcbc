// One bucket of a page as the scanner reads it: its fields as they come, its results turned into
// rows and handed out in runs once the bucket's times are known (they may come after the results).

import type { Dimension } from '../catalog/categories.js';
import type { BucketPart, BucketRow } from '../domain/bucket.js';
import { describe, PageShapeError, type ResultReader, readResult } from './result-reader.js';

/** Rows per part: enough that the ledger's per-part work is negligible, few enough to stay small. */
export const RUN_ROWS = 2048;

export class ScannedBucket {
  readonly #fields: Record<string, unknown> = {};
  /** `results`, or `result` (older schemas), once that key's array is being read. */
  #streamed: string | undefined;
  #times: { start: number; end: number } | undefined;
  #run: BucketRow[] = [];
  #results = 0;
  #started = false;

  constructor(
    readonly index: number,
    private readonly reader: ResultReader,
    private readonly groupBy: readonly Dimension[],
    /** Takes each finished run, in answer order. */
    private readonly out: (part: BucketPart) => void,
  ) {}

  /** The array of `key` (`results` or `result`) starts. */
  streamResults(key: string): void {
    if (this.#streamed !== undefined) {
      throw new PageShapeError(`bucket ${this.index} has both result and results arrays`);
    }
    this.#streamed = key;
  }

  result(raw: unknown): void {
    const j = this.#results++;
    try {
      this.#run.push(readResult(this.reader, this.groupBy, raw));
    } catch (error) {
      if (error instanceof PageShapeError) {
        throw new PageShapeError(`bucket ${this.index} result ${j}: ${error.message}`);
      }
      throw error;
    }
    if (this.#run.length >= RUN_ROWS && this.#times !== undefined) this.#emit();
  }

  field(key: string, value: unknown): void {
    const fields = this.#fields;
    if ((key === 'start_time' || key === 'end_time') && key in fields) {
      throw new PageShapeError(`bucket ${this.index} has ${key} twice`);
    }
    fields[key] = value;
    if (key === 'object' && value !== 'bucket') {
      throw new PageShapeError(`bucket ${this.index} object is ${describe(value)}, expected "bucket"`);
    }
    if ('start_time' in fields && 'end_time' in fields && this.#times === undefined) {
      this.#times = this.#checkedTimes();
      if (this.#run.length >= RUN_ROWS) this.#emit();
    }
  }

  /** The bucket's closing brace: hands out its last run (or, for a bucket without rows, itself). */
  end(): void {
    this.#times ??= this.#checkedTimes();
    const { results, result } = this.#fields;
    // The real API says `results`; the 2024–2025 schema and the first SDK generations said `result`.
    if (this.#streamed === undefined || (this.#streamed === 'result' && results != null)) {
      throw new PageShapeError(
        `bucket ${this.index} results is ${describe(results ?? result)}, expected an array`,
      );
    }
    if (this.#run.length > 0 || !this.#started) this.#emit();
  }

  #emit(): void {
    const { start, end } = this.#times as { start: number; end: number };
    this.out({ startTime: start, endTime: end, rows: this.#run, first: !this.#started });
    this.#started = true;
    this.#run = [];
  }

  #checkedTimes(): { start: number; end: number } {
    const { start_time: start, end_time: end } = this.#fields;
    if (!isUnixSeconds(start) || !isUnixSeconds(end) || start >= end) {
      throw new PageShapeError(
        `bucket ${this.index} has start_time ${describe(start)} and end_time ${describe(end)}, expected integers with start < end`,
      );
    }
    return { start, end };
  }
}

function isUnixSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
