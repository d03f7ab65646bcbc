// Writes JSON pieces to a file without holding the event loop: encoding runs in slices of a few
// milliseconds, each followed by a turn of the loop (scrapes, timers, the next poll's answers),
// and the text goes to disk in chunks of bounded size, so memory does not grow with the file.

import type { FileHandle } from 'node:fs/promises';

export interface Pacing {
  /** How long encoding may run before it lets the event loop take a turn. */
  readonly sliceMs: number;
  readonly now: () => number;
  readonly yieldToLoop: () => Promise<void>;
}

/**
 * 2 ms slices: with 5 ms ones, scavenges of the piece strings and a chunk conversion on top of a
 * slice made the longest save stall at 100k series 16-21 ms on an idle machine; with 2 ms it was
 * 11-12 ms, and the save took no longer (bench/save-run.ts --scales=100k, 2026-12-02).
 */
export const DEFAULT_PACING: Pacing = {
  sliceMs: 2,
  now: () => performance.now(),
  yieldToLoop: () => new Promise((resolve) => setImmediate(resolve)),
};

/** Characters gathered before a write: big enough for few system calls, small enough to convert quickly. */
const CHUNK_CHARS = 1 << 19;

export type ChunkSink = (chunk: string) => Promise<void>;

/** Feeds the pieces to `sink` in chunks of about CHUNK_CHARS, pausing whenever a slice is used up. */
export async function writePaced(pieces: Iterable<string>, sink: ChunkSink, pacing: Pacing): Promise<void> {
  let pending: string[] = [];
  let pendingChars = 0;
  let sliceStart = pacing.now();
  for (const piece of pieces) {
    pending.push(piece);
    pendingChars += piece.length;
    if (pendingChars >= CHUNK_CHARS) {
      const chunk = pending.join('');
      pending = [];
      pendingChars = 0;
      await sink(chunk);
      sliceStart = pacing.now();
    } else if (pacing.now() - sliceStart >= pacing.sliceMs) {
      await pacing.yieldToLoop();
      sliceStart = pacing.now();
    }
  }
  if (pendingChars > 0) await sink(pending.join(''));
}

/** Runs the steps, letting the event loop take a turn whenever a slice is used up. */
export async function runPaced(steps: Iterable<unknown>, pacing: Pacing): Promise<void> {
  let sliceStart = pacing.now();
  for (const _ of steps) {
    if (pacing.now() - sliceStart < pacing.sliceMs) continue;
    await pacing.yieldToLoop();
    sliceStart = pacing.now();
  }
}

/** A sink writing UTF-8 to an open file at its current position, to the last byte. */
export function fileSink(file: FileHandle): ChunkSink {
  return async (chunk) => {
    const bytes = Buffer.from(chunk, 'utf8');
    for (let offset = 0; offset < bytes.length; ) {
      const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  };
}
