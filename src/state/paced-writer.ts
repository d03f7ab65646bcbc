// Writes JSON pieces to a file without holding the event loop: encoding runs in slices of a few
// milliseconds, each followed by a turn of the loop (scrapes, timers, the next poll's answers),
// and the text goes to disk in chunks of bounded size, so memory does not grow with the file.

import type { FileHandle } from 'node:fs/promises';
import type { Pacing } from '../domain/pacing.js';

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
