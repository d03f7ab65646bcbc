// A piece of the /metrics body compressed once and kept only compressed: a raw deflate stream
// ended by a sync flush (byte-aligned, no final block), so segments concatenate into one valid
// deflate stream, with the CRC-32 and length of its text so the gzip trailer never reads the text
// again. The text itself is not kept: a plain scrape inflates the gzip body instead.

import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';
import { crc32CombineShifted, crc32Shift } from './crc32-combine.js';

const deflateRawAsync = promisify(deflateRaw);

/** Chunks of about this size compress in parallel on libuv's thread pool at a negligible loss of ratio. */
export const DEFAULT_CHUNK_BYTES = 2 * 1024 * 1024;
/**
 * Every poll recompresses its category, while a scrape only copies the result. On exposition text
 * level 3 takes a third of level 6's time for a body about 8% larger (100k series, one core:
 * 31 ms for 1.23 MB against 96 ms for 1.14 MB), which is most of the render after a poll.
 */
export const PART_LEVEL = 3;
/**
 * A segment starts without the text before it, which costs ratio: at 20 organizations x 5k series
 * the completions compressed per organization and family at level 3 were 5% larger than compressed
 * whole. A poll now compresses a twentieth of the text, so level 6 is affordable and wins it back
 * (1.06 MB against 1.07 MB whole at level 3).
 */
export const SEGMENT_LEVEL = 6;

/** Raw deflate of `plain` ended by a sync flush; injectable so tests can count what is compressed. */
export type Deflate = (plain: Buffer, level: number) => Promise<Buffer>;

export const syncFlushedDeflate: Deflate = (plain, level) =>
  deflateRawAsync(plain, { level, finishFlush: constants.Z_SYNC_FLUSH });

export interface Segment {
  readonly deflated: Buffer;
  readonly crc: number;
  /** Bytes of text. */
  readonly length: number;
  /** crc32Shift(length), kept so joining segments is cheap. */
  readonly shift: number;
}

export const EMPTY_SEGMENT: Segment = { deflated: Buffer.alloc(0), crc: 0, length: 0, shift: crc32Shift(0) };

export async function compressSegment(
  plain: Buffer,
  deflate: Deflate,
  level: number,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Promise<Segment> {
  // An empty text would still cost a sync flush's bytes in the body.
  if (plain.length === 0) return EMPTY_SEGMENT;
  const chunks: Promise<Buffer>[] = [];
  for (let start = 0; start < plain.length; start += chunkBytes) {
    chunks.push(deflate(plain.subarray(start, start + chunkBytes), level));
  }
  const deflated = await Promise.all(chunks);
  return {
    deflated: deflated.length === 1 ? (deflated[0] as Buffer) : Buffer.concat(deflated),
    crc: crc32(plain),
    length: plain.length,
    shift: crc32Shift(plain.length),
  };
}

/** The CRC and length of the segments' texts one after another. */
export function joined(segments: readonly Segment[]): { readonly crc: number; readonly length: number } {
  let crc = 0;
  let length = 0;
  for (const segment of segments) {
    if (segment.length === 0) continue;
    crc = crc32CombineShifted(crc, segment.crc, segment.shift);
    length += segment.length;
  }
  return { crc, length };
}
