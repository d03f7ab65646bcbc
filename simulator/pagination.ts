// Bucket boundaries and opaque page cursors. A cursor is `page_` + base64 of 20 bytes, like
// the spec's example: int64 end of the range (pinned at the first page), uint32 query
// signature, int64 start of the next bucket.

import { invalidParam } from './errors.js';

export interface CursorState {
  /** Exclusive end of the bucket range, pinned when the first page was served. */
  readonly end: number;
  readonly signature: number;
  readonly next: number;
}

export function encodeCursor(state: CursorState): string {
  const bytes = new DataView(new ArrayBuffer(20));
  bytes.setBigInt64(0, BigInt(state.end));
  bytes.setUint32(8, state.signature >>> 0);
  bytes.setBigInt64(12, BigInt(state.next));
  return `page_${Buffer.from(bytes.buffer).toString('base64')}`;
}

export function decodeCursor(text: string, signature: number): CursorState {
  const bad = () =>
    invalidParam('page', `Invalid 'page': '${text}'. Pass the 'next_page' value of the previous page.`);
  if (!text.startsWith('page_')) throw bad();
  const raw = Buffer.from(text.slice(5), 'base64');
  if (raw.length !== 20 || raw.toString('base64') !== text.slice(5)) throw bad();
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const state = {
    end: Number(view.getBigInt64(0)),
    signature: view.getUint32(8),
    next: Number(view.getBigInt64(12)),
  };
  if (state.signature !== signature >>> 0) throw bad();
  return state;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Up to `limit` buckets from `from` towards `end`: the first starts exactly at `from`, later ones
 * are aligned to the width, and the last one is cut at `end`.
 */
export function planBuckets(
  from: number,
  end: number,
  widthSeconds: number,
  limit: number,
): { spans: Span[]; next: number | undefined } {
  const spans: Span[] = [];
  let start = from;
  while (start < end && spans.length < limit) {
    const boundary = Math.floor(start / widthSeconds) * widthSeconds + widthSeconds;
    const stop = Math.min(boundary, end);
    spans.push({ start, end: stop });
    start = stop;
  }
  return { spans, next: start < end ? start : undefined };
}
