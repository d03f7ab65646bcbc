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

  /**
   * The pages answering a query from `startTime` (aligned) until now, as the API sends them: at most
   * `limit` whole buckets each. A page is its text in fragments, produced as it is read, so the
   * benchmark holds no page whole (the client never does either).
   */
  *pages(width: BucketWidth, startTime: number, now: number, limit: number): Generator<Iterable<string>> {
    const amounts = CATEGORIES[this.category.id].values === 'amounts';
    const spans = amounts ? daySpans(startTime, now) : usageSpans(width, startTime, now);
    for (let first = 0, number = 1; first < spans.length; first += limit, number++) {
      const more = first + limit < spans.length;
      yield this.pageText(width, spans.slice(first, first + limit), now, more ? `"page_${number}"` : null);
    }
  }

  private *pageText(width: BucketWidth, spans: Span[], now: number, next: string | null): Generator<string> {
    yield '{"object":"page","data":[';
    for (let i = 0; i < spans.length; i++) {
      const { start, end } = spans[i] as Span;
      yield `${i === 0 ? '' : ','}{"object":"bucket","start_time":${start},"end_time":${end},"results":[`;
      let comma = '';
      for (const result of this.results(width, start, end, now)) {
        yield comma + result;
        comma = ',';
      }
      yield ']}';
    }
    yield `],"has_more":${next !== null},"next_page":${next ?? 'null'}}`;
  }

  private results(width: BucketWidth, start: number, end: number, now: number): Generator<string> {
    if (CATEGORIES[this.category.id].values === 'amounts') return this.dayResults(start, now);
    if (width === '1m') return this.minuteRows(start, now);
    return this.spanRows(start / MINUTE, Math.ceil(end / MINUTE), now);
  }

  private *minuteRows(start: number, now: number): Generator<string> {
    const minute = start / MINUTE;
    const grown = growth(start, now);
    for (let index = mod(-minute, MINUTE_PERIOD); index < this.category.labelSets; index += MINUTE_PERIOD) {
      yield this.usageResult(index, grown);
    }
  }

  /** Minutes [first, end): whole minutes counted arithmetically, the still-growing ones one by one. */
  private *spanRows(first: number, end: number, now: number): Generator<string> {
    const lastFinal = Math.floor((now - MINUTE - SETTLE_SECONDS) / MINUTE);
    const finalEnd = Math.min(end, lastFinal + 1);
    for (let index = 0; index < this.category.labelSets; index++) {
      const residue = mod(-index, MINUTE_PERIOD);
      let units = first < finalEnd ? congruentIn(first, finalEnd, residue) : 0;
      for (let minute = Math.max(first, finalEnd); minute < end; minute++) {
        if (mod(minute, MINUTE_PERIOD) === residue) units += growth(minute * MINUTE, now);
      }
      if (units > 0) yield this.usageResult(index, units);
    }
  }

  private usageResult(index: number, units: number): string {
    let text = this.head;
    for (let field = 0; field < this.fieldNames.length; field++) {
      text += `${this.fieldNames[field]}:${Math.floor(base(index, field) * units)},`;
    }
    return `${text}${this.dimensionsOf(index)}}`;
  }

  private *dayResults(start: number, now: number): Generator<string> {
    const progress = Math.min(1, (now - start) / DAY);
    for (let index = 0; index < this.category.labelSets; index++) {
      const amount = (base(index, 0) / 997) * progress;
      // The live API sometimes sends the amount as a decimal string; the parser handles both.
      const value = index % 10 === 0 ? `"${amount.toFixed(12)}"` : String(amount);
      const quantity = Math.floor(base(index, 1) * 100 * progress);
      yield `${this.head}"amount":{"value":${value},"currency":"usd"},"quantity":${quantity},"quantity_unit":"tokens","organization_id":"org-benchmark",${this.dimensionsOf(index)}}`;
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

interface Span {
  readonly start: number;
  readonly end: number;
}

/** The buckets of a usage query, the one in progress included. */
function usageSpans(width: BucketWidth, startTime: number, now: number): Span[] {
  const seconds = BUCKET_WIDTH_SECONDS[width];
  const spans: Span[] = [];
  for (let start = startTime; start < now; start += seconds)
    spans.push({ start, end: Math.min(start + seconds, now) });
  return spans;
}

/** The days of a costs query, today included. */
function daySpans(startTime: number, now: number): Span[] {
  const today = now - (now % DAY);
  const spans: Span[] = [];
  for (let start = startTime; start <= today; start += DAY) spans.push({ start, end: start + DAY });
  return spans;
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
