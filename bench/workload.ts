// API-shaped JSON pages for the synthetic organization. Every label set has usage in every hour
// and in one minute out of MINUTE_PERIOD; buckets keep growing for SETTLE_SECONDS after they end,
// so each poll changes the newest buckets as the live API does. Hour values are the sums of their
// minutes, so the ledger sees both widths agree as they do upstream.

import { BUCKET_WIDTH_SECONDS, type BucketWidth, CATEGORIES } from '../src/catalog/categories.js';
import {
  completionsCategory,
  costsCategory,
  dimensionsJson,
  embeddingsCategory,
  type SyntheticCategory,
} from './synthetic-labels.js';

export const MINUTE_PERIOD = 6;
export const SETTLE_SECONDS = 300;
const MINUTE = 60;
const DAY = 86_400;
const ROWS_PER_PAGE = 20_000;

export interface Workload {
  /** e.g. `100k`. */
  readonly name: string;
  readonly seriesTarget: number;
  readonly categories: readonly SyntheticCategory[];
}

/** Exported series per label set: counter fields, plus the net gauges (today's and this month's spend). */
export function seriesPerLabelSet(category: SyntheticCategory): number {
  const spec = CATEGORIES[category.id];
  const counters = spec.fields.filter((field) => field.kind === 'counter').length;
  return counters + Object.keys(spec.netGauges ?? {}).length;
}

/** Completions carry most series, as in a real organization; embeddings and costs a twentieth each. */
export function workloadFor(name: string, seriesTarget: number): Workload {
  const sized = (make: (n: number) => SyntheticCategory, share: number) => {
    const perSet = seriesPerLabelSet(make(1));
    return make(Math.max(1, Math.round((seriesTarget * share) / perSet)));
  };
  return {
    name,
    seriesTarget,
    categories: [
      sized(completionsCategory, 0.9),
      sized(embeddingsCategory, 0.05),
      sized(costsCategory, 0.05),
    ],
  };
}

/** A page generator with the per-label-set JSON fragments cached, as they never change. */
export class PageWriter {
  private readonly dimensions: string[] = [];
  private readonly fieldNames: string[];
  private readonly head: string;

  constructor(readonly category: SyntheticCategory) {
    const spec = CATEGORIES[category.id];
    this.fieldNames = spec.fields.map((field) => JSON.stringify(field.field));
    this.head = `{"object":${JSON.stringify(spec.resultObject)},`;
  }

  /** The pages answering a query from `startTime` (aligned) until now, as the API would send them. */
  *pages(width: BucketWidth, startTime: number, now: number): Generator<string> {
    const amounts = CATEGORIES[this.category.id].values === 'amounts';
    const buckets = amounts ? this.dayBuckets(startTime, now) : this.usage(width, startTime, now);
    let page: string[] = [];
    let rows = 0;
    let number = 0;
    const flush = (hasMore: boolean) => {
      number += 1;
      const next = hasMore ? `"page_${number}"` : 'null';
      const text = `{"object":"page","data":[${page.join(',')}],"has_more":${hasMore},"next_page":${next}}`;
      page = [];
      rows = 0;
      return text;
    };
    for (const bucket of buckets) {
      if (page.length > 0 && rows + bucket.rows > ROWS_PER_PAGE) yield flush(true);
      page.push(bucket.json);
      rows += bucket.rows;
    }
    yield flush(false);
  }

  private *usage(width: BucketWidth, startTime: number, now: number) {
    const seconds = BUCKET_WIDTH_SECONDS[width];
    for (let start = startTime; start < now; start += seconds) {
      const end = Math.min(start + seconds, now);
      const results: string[] = [];
      if (width === '1m') this.minuteRows(start, now, results);
      else this.spanRows(start / MINUTE, Math.ceil(end / MINUTE), now, results);
      yield bucket(start, end, results);
    }
  }

  private minuteRows(start: number, now: number, out: string[]): void {
    const minute = start / MINUTE;
    const grown = growth(start, now);
    for (let index = mod(-minute, MINUTE_PERIOD); index < this.category.labelSets; index += MINUTE_PERIOD) {
      out.push(this.usageResult(index, grown));
    }
  }

  /** Minutes [first, end): whole minutes counted arithmetically, the still-growing ones one by one. */
  private spanRows(first: number, end: number, now: number, out: string[]): void {
    const lastFinal = Math.floor((now - MINUTE - SETTLE_SECONDS) / MINUTE);
    const finalEnd = Math.min(end, lastFinal + 1);
    for (let index = 0; index < this.category.labelSets; index++) {
      const residue = mod(-index, MINUTE_PERIOD);
      let units = first < finalEnd ? congruentIn(first, finalEnd, residue) : 0;
      for (let minute = Math.max(first, finalEnd); minute < end; minute++) {
        if (mod(minute, MINUTE_PERIOD) === residue) units += growth(minute * MINUTE, now);
      }
      if (units > 0) out.push(this.usageResult(index, units));
    }
  }

  private usageResult(index: number, units: number): string {
    let text = this.head;
    for (let field = 0; field < this.fieldNames.length; field++) {
      text += `${this.fieldNames[field]}:${Math.floor(base(index, field) * units)},`;
    }
    return `${text}${this.dimensionsOf(index)}}`;
  }

  private *dayBuckets(startTime: number, now: number) {
    const today = now - (now % DAY);
    for (let start = startTime; start <= today; start += DAY) {
      const progress = Math.min(1, (now - start) / DAY);
      const results: string[] = [];
      for (let index = 0; index < this.category.labelSets; index++) {
        const amount = (base(index, 0) / 997) * progress;
        // The live API sometimes sends the amount as a decimal string; the parser handles both.
        const value = index % 10 === 0 ? `"${amount.toFixed(12)}"` : String(amount);
        const quantity = Math.floor(base(index, 1) * 100 * progress);
        results.push(
          `${this.head}"amount":{"value":${value},"currency":"usd"},"quantity":${quantity},"quantity_unit":"tokens","organization_id":"org-benchmark",${this.dimensionsOf(index)}}`,
        );
      }
      yield bucket(start, start + DAY, results);
    }
  }

  private dimensionsOf(index: number): string {
    let text = this.dimensions[index];
    if (text === undefined) {
      text = dimensionsJson(this.category, index);
      this.dimensions[index] = text;
    }
    return text;
  }
}

function bucket(start: number, end: number, results: string[]) {
  return {
    rows: results.length,
    json: `{"object":"bucket","start_time":${start},"end_time":${end},"results":[${results.join(',')}]}`,
  };
}

/** Share of a minute's final value visible at `now`. */
function growth(minuteStart: number, now: number): number {
  return Math.min(1, Math.max(0, (now - minuteStart) / (MINUTE + SETTLE_SECONDS)));
}

/** Final per-minute value of a field of a label set. */
function base(index: number, field: number): number {
  return 1 + (((Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(field + 7, 0x85ebca6b)) >>> 0) % 5000);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** How many m in [first, end) have m mod MINUTE_PERIOD === residue. */
function congruentIn(first: number, end: number, residue: number): number {
  const upTo = (x: number) => Math.floor((x - residue + MINUTE_PERIOD - 1) / MINUTE_PERIOD);
  return upTo(end) - upTo(first);
}
