// Reads a usage or costs page as its text arrives, handing out its buckets in runs of rows instead
// of holding the whole page: a first hour poll of a large organization is tens of megabytes of
// JSON. The page, `data`, each bucket and its `results` are followed structurally; every other
// value (each result, each scalar field) is bounded with `valueEnd` and given to JSON.parse, then
// validated as a whole page was before pages streamed (test/support/whole-page.ts is that
// reference). Rows go out as soon as their bucket's times are known, so a malformed piece later in
// the page fails the poll after earlier runs were handed out: the ledger counts runs exactly
// however an answer is cut, and the next poll reads the window again.

import type { CategoryId, Dimension } from '../catalog/categories.js';
import type { BucketPart } from '../domain/bucket.js';
import { type Extent, extentFrom, isJsonSpace, valueEnd } from './json-extent.js';
import { PageSyntaxError, parsePiece, refuseSecret } from './page-pieces.js';
import { describe, PageShapeError, type ResultReader, resultReader } from './result-reader.js';
import { ScannedBucket } from './scanned-bucket.js';

export interface PageEnd {
  readonly hasMore: boolean;
  readonly nextPage: string | null;
}

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
  #bucket: ScannedBucket | undefined;
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
      this.#bucket = new ScannedBucket(this.#buckets++, this.#reader, this.groupBy, (part) =>
        this.#out.push(part),
      );
      this.#enter(BUCKET, KEY_OR_END);
    } else if (level === BUCKET && (this.#key === 'results' || this.#key === 'result') && code === 0x5b) {
      (this.#bucket as ScannedBucket).streamResults(this.#key);
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
    if (level === BUCKET) {
      (this.#bucket as ScannedBucket).end();
      this.#bucket = undefined;
    }
    this.#level = level - 1;
    this.#state = this.#level === DATA ? AFTER_ELEMENT : AFTER_VALUE;
  }

  #captured(piece: string, at: number): void {
    refuseSecret(piece, this.secrets);
    const level = this.#level;
    const value = parsePiece(piece, this.#dropped + at);
    if (level === RESULTS) (this.#bucket as ScannedBucket).result(value);
    else if (level === BUCKET) (this.#bucket as ScannedBucket).field(this.#key, value);
    else if (level === DATA) throw new PageShapeError(`bucket ${this.#buckets} is not an object`);
    else {
      if (this.#key === 'data' && this.#dataSeen) throw new PageShapeError('page has two data values');
      this.#page[this.#key] = value;
      if (this.#key === 'object' && value !== 'page') throw pageObjectError(value);
    }
    this.#state = level === RESULTS ? AFTER_ELEMENT : AFTER_VALUE;
  }

  #keyName(literal: string, at: number): string {
    refuseSecret(literal, this.secrets);
    if (!literal.includes('\\')) return literal.slice(1, -1);
    return parsePiece(literal, this.#dropped + at) as string;
  }

  #syntax(at: number, what: string): PageSyntaxError {
    return new PageSyntaxError(`body is not valid JSON (${what} at character ${this.#dropped + at})`);
  }
}

function pageObjectError(object: unknown): PageShapeError {
  return new PageShapeError(`page object is ${describe(object)}, expected "page"`);
}
