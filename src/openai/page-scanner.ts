// Reads a usage or costs page as its text arrives, handing out its buckets in runs of rows instead
// of holding the whole page: a first hour poll of a large organization is tens of megabytes of
// JSON. The page, `data`, each bucket and its `results` are followed structurally; every other
// value (each result, each scalar field) is bounded with `valueEnd` and given to JSON.parse, then
// validated exactly as parsePage does. Rows go out as soon as their bucket's times are known, so
// a malformed piece later in the page fails the poll after earlier runs were handed out: the
// ledger counts runs exactly however an answer is cut, and the next poll reads the window again.

import type { CategoryId, Dimension } from '../catalog/categories.js';
import type { BucketPart, BucketRow } from '../domain/bucket.js';
import { ExporterError } from '../errors.js';
import { type Extent, extentFrom, isJsonSpace, valueEnd } from './json-extent.js';
import { containsSecret } from './redact.js';
import { describe, PageShapeError, type ResultReader, readResult, resultReader } from './result-reader.js';

/** The text is not JSON (or ends early); the client wraps it in a MalformedPageError. */
export class PageSyntaxError extends ExporterError {
  override readonly name = 'PageSyntaxError';
}

/** The answer carries one of the keys in use; nothing holding it is handed out. */
export class PageSecretError extends ExporterError {
  override readonly name = 'PageSecretError';
}

export interface PageEnd {
  readonly hasMore: boolean;
  readonly nextPage: string | null;
}

/** Rows per part: enough that the ledger's per-part work is negligible, few enough to stay small. */
export const RUN_ROWS = 2048;

// Where the scanner is: levels are the page object, `data`, a bucket object, its results.
const PAGE = 0;
const DATA = 1;
const BUCKET = 2;
const RESULTS = 3;
// What it expects next.
const START = 0;
const KEY_OR_END = 1;
const KEY = 2;
const COLON = 3;
const VALUE = 4;
const AFTER_VALUE = 5;
const ELEMENT_OR_END = 6;
const ELEMENT = 7;
const AFTER_ELEMENT = 8;
const CAPTURE = 9;
const DONE = 10;
const NOT_AN_OBJECT = 11;

interface OpenBucket {
  readonly index: number;
  readonly fields: Record<string, unknown>;
  /** `results`, or `result` (older schemas), once that key's array is being read. */
  streamed: string | undefined;
  times: { start: number; end: number } | undefined;
  run: BucketRow[];
  results: number;
  started: boolean;
}

export class PageScanner {
  readonly #reader: ResultReader;
  #text = '';
  #pos = 0;
  /** Characters dropped from the front of `#text` so far, for error positions. */
  #dropped = 0;
  #state = START;
  #level = -1;
  #key = '';
  #extent: Extent = extentFrom(0);
  readonly #page: Record<string, unknown> = {};
  #dataSeen = false;
  #buckets = 0;
  #bucket: OpenBucket | undefined;
  #out: BucketPart[] = [];

  constructor(
    category: CategoryId,
    private readonly groupBy: readonly Dimension[],
    private readonly secrets: readonly string[],
  ) {
    this.#reader = resultReader(category);
  }

  /** Takes the next piece of the text; returns the parts it completed, in answer order. */
  feed(chunk: string): BucketPart[] {
    if (this.#state === NOT_AN_OBJECT) {
      this.#text += chunk;
      return [];
    }
    this.#dropped += this.#pos;
    this.#text = this.#pos < this.#text.length ? this.#text.slice(this.#pos) + chunk : chunk;
    if (this.#state === CAPTURE) this.#extent.next -= this.#pos;
    this.#pos = 0;
    this.#scan();
    const out = this.#out;
    this.#out = [];
    return out;
  }

  /** The text is complete: checks the page as a whole and returns its pagination. */
  end(): PageEnd {
    if (this.#state === NOT_AN_OBJECT) {
      parsePiece(this.#text, 0);
      throw new PageShapeError('response body is not a JSON object');
    }
    if (this.#state !== DONE) throw this.#syntax(this.#text.length, 'the text ends inside the page');
    const page = this.#page;
    if (page.object !== 'page') throw pageObjectError(page.object);
    if (!this.#dataSeen) throw new PageShapeError(`page data is ${describe(page.data)}, expected an array`);
    const hasMore = page.has_more;
    if (typeof hasMore !== 'boolean') {
      throw new PageShapeError(`page has_more is ${describe(hasMore)}, expected a boolean`);
    }
    const nextPage = page.next_page ?? null;
    if (nextPage !== null && typeof nextPage !== 'string') {
      throw new PageShapeError(`page next_page is ${describe(nextPage)}, expected a string or null`);
    }
    return { hasMore, nextPage };
  }

  #scan(): void {
    const text = this.#text;
    const n = text.length;
    while (this.#pos < n) {
      const state = this.#state;
      if (state === CAPTURE) {
        const end = valueEnd(text, this.#pos, this.#extent);
        if (end < 0) return;
        const piece = text.slice(this.#pos, end);
        const at = this.#pos;
        this.#pos = end;
        this.#captured(piece, at);
        continue;
      }
      const code = text.charCodeAt(this.#pos);
      if (isJsonSpace(code)) {
        this.#pos++;
        continue;
      }
      if (state === KEY_OR_END || state === KEY) {
        if (code === 0x7d && state === KEY_OR_END) this.#close();
        else if (code === 0x22) {
          const extent = extentFrom(this.#pos);
          const end = valueEnd(text, this.#pos, extent);
          if (end < 0) return;
          this.#key = this.#keyName(text.slice(this.#pos, end), this.#pos);
          this.#pos = end;
          this.#state = COLON;
        } else throw this.#syntax(this.#pos, 'expected a key');
      } else if (state === COLON) {
        if (code !== 0x3a) throw this.#syntax(this.#pos, 'expected ":"');
        this.#pos++;
        this.#state = VALUE;
      } else if (state === VALUE || state === ELEMENT || state === ELEMENT_OR_END) {
        if (state === ELEMENT_OR_END && code === 0x5d) this.#close();
        else this.#value(code);
      } else if (state === AFTER_VALUE || state === AFTER_ELEMENT) {
        const inObject = state === AFTER_VALUE;
        if (code === 0x2c) {
          this.#pos++;
          this.#state = inObject ? KEY : ELEMENT;
        } else if (code === (inObject ? 0x7d : 0x5d)) this.#close();
        else throw this.#syntax(this.#pos, inObject ? 'expected "," or "}"' : 'expected "," or "]"');
      } else if (state === START) {
        if (code !== 0x7b) {
          this.#state = NOT_AN_OBJECT;
          this.#text = text.slice(this.#pos);
          this.#pos = 0;
          return;
        }
        this.#pos++;
        this.#level = PAGE;
        this.#state = KEY_OR_END;
      } else throw this.#syntax(this.#pos, 'text after the page');
    }
  }

  /** A value starts at `#pos`: entered when it is a container the scanner follows, else captured. */
  #value(code: number): void {
    const level = this.#level;
    if (level === PAGE && this.#key === 'data' && code === 0x5b) {
      if (this.#dataSeen) throw new PageShapeError('page has two data arrays');
      const object = this.#page.object;
      if (object !== undefined && object !== 'page') throw pageObjectError(object);
      this.#dataSeen = true;
      this.#enter(DATA, ELEMENT_OR_END);
    } else if (level === DATA && code === 0x7b) {
      this.#bucket = {
        index: this.#buckets++,
        fields: {},
        streamed: undefined,
        times: undefined,
        run: [],
        results: 0,
        started: false,
      };
      this.#enter(BUCKET, KEY_OR_END);
    } else if (level === BUCKET && (this.#key === 'results' || this.#key === 'result') && code === 0x5b) {
      const bucket = this.#bucket as OpenBucket;
      if (bucket.streamed !== undefined) {
        throw new PageShapeError(`bucket ${bucket.index} has both result and results arrays`);
      }
      bucket.streamed = this.#key;
      this.#enter(RESULTS, ELEMENT_OR_END);
    } else {
      this.#state = CAPTURE;
      this.#extent = extentFrom(this.#pos);
    }
  }

  #enter(level: number, state: number): void {
    this.#pos++;
    this.#level = level;
    this.#state = state;
  }

  /** The closing `}` or `]` of the level the scanner is in. */
  #close(): void {
    this.#pos++;
    const level = this.#level;
    if (level === PAGE) {
      this.#state = DONE;
      return;
    }
    if (level === BUCKET) this.#endBucket();
    this.#level = level - 1;
    this.#state = this.#level === DATA ? AFTER_ELEMENT : AFTER_VALUE;
  }

  #captured(piece: string, at: number): void {
    this.#refuseSecret(piece);
    const level = this.#level;
    const value = parsePiece(piece, this.#dropped + at);
    if (level === RESULTS) this.#result(value);
    else if (level === BUCKET) this.#bucketField(value);
    else if (level === DATA) throw new PageShapeError(`bucket ${this.#buckets} is not an object`);
    else {
      if (this.#key === 'data' && this.#dataSeen) throw new PageShapeError('page has two data values');
      this.#page[this.#key] = value;
      if (this.#key === 'object' && value !== 'page') throw pageObjectError(value);
    }
    this.#state = level === RESULTS ? AFTER_ELEMENT : AFTER_VALUE;
  }

  #result(raw: unknown): void {
    const bucket = this.#bucket as OpenBucket;
    const j = bucket.results++;
    try {
      bucket.run.push(readResult(this.#reader, this.groupBy, raw));
    } catch (error) {
      if (error instanceof PageShapeError) {
        throw new PageShapeError(`bucket ${bucket.index} result ${j}: ${error.message}`);
      }
      throw error;
    }
    if (bucket.run.length >= RUN_ROWS && bucket.times !== undefined) this.#emit(bucket);
  }

  #bucketField(value: unknown): void {
    const bucket = this.#bucket as OpenBucket;
    const key = this.#key;
    if ((key === 'start_time' || key === 'end_time') && key in bucket.fields) {
      throw new PageShapeError(`bucket ${bucket.index} has ${key} twice`);
    }
    bucket.fields[key] = value;
    if (key === 'object' && value !== 'bucket') {
      throw new PageShapeError(`bucket ${bucket.index} object is ${describe(value)}, expected "bucket"`);
    }
    if ('start_time' in bucket.fields && 'end_time' in bucket.fields && bucket.times === undefined) {
      bucket.times = bucketTimes(bucket);
      if (bucket.run.length >= RUN_ROWS) this.#emit(bucket);
    }
  }

  #endBucket(): void {
    const bucket = this.#bucket as OpenBucket;
    bucket.times ??= bucketTimes(bucket);
    const { results, result } = bucket.fields;
    // The real API says `results`; the 2024–2025 schema and the first SDK generations said `result`.
    const plain = results ?? result;
    if (bucket.streamed === undefined || (bucket.streamed === 'result' && results != null)) {
      throw new PageShapeError(`bucket ${bucket.index} results is ${describe(plain)}, expected an array`);
    }
    if (bucket.run.length > 0 || !bucket.started) this.#emit(bucket);
    this.#bucket = undefined;
  }

  #emit(bucket: OpenBucket): void {
    const { start, end } = bucket.times as { start: number; end: number };
    this.#out.push({ startTime: start, endTime: end, rows: bucket.run, first: !bucket.started });
    bucket.started = true;
    bucket.run = [];
  }

  #keyName(literal: string, at: number): string {
    this.#refuseSecret(literal);
    if (!literal.includes('\\')) return literal.slice(1, -1);
    return parsePiece(literal, this.#dropped + at) as string;
  }

  /** A piece holding a key in use (also behind JSON escapes) is refused before anything reads it. */
  #refuseSecret(piece: string): void {
    const secrets = this.secrets;
    for (let i = 0; i < secrets.length; i++) {
      const secret = secrets[i] as string;
      if (secret !== '' && piece.includes(secret))
        throw new PageSecretError('the answer contains the admin key');
    }
    if (secrets.length > 0 && piece.includes('\\') && containsSecret(piece, secrets)) {
      throw new PageSecretError('the answer contains the admin key');
    }
  }

  #syntax(at: number, what: string): PageSyntaxError {
    return new PageSyntaxError(`body is not valid JSON (${what} at character ${this.#dropped + at})`);
  }
}

function parsePiece(piece: string, at: number): unknown {
  try {
    return JSON.parse(piece);
  } catch {
    throw new PageSyntaxError(`body is not valid JSON (at character ${at})`);
  }
}

function bucketTimes(bucket: OpenBucket): { start: number; end: number } {
  const { start_time: start, end_time: end } = bucket.fields;
  if (!isUnixSeconds(start) || !isUnixSeconds(end) || start >= end) {
    throw new PageShapeError(
      `bucket ${bucket.index} has start_time ${describe(start)} and end_time ${describe(end)}, expected integers with start < end`,
    );
  }
  return { start, end };
}

function pageObjectError(object: unknown): PageShapeError {
  return new PageShapeError(`page object is ${describe(object)}, expected "page"`);
}

function isUnixSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
