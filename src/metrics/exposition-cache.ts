// The /metrics body, kept ready in memory: scrapes only copy bytes and never wait on OpenAI
// or on rendering. Each part (a category, or the self-metrics) is rendered and compressed on its
// own, so an unchanged part is never compressed again; a part may itself be a list of segments
// compressed apart (the fleet compresses each organization's share of a part apart, so a poll
// recompresses one organization, not all). The gzip body is nevertheless ONE gzip member, because
// browsers and curl stop after the first member of a multi-member body: every segment is a raw
// deflate stream ended by a sync flush (body-segment.ts), so they concatenate into one valid
// stream; one empty final block, the gzip header, and a trailer whose CRC is combined from the
// segments' CRCs (no byte is read twice) complete the member.
//
// Only the compressed bytes are kept (about 19 times smaller than the text): a plain scrape, rare
// next to Prometheus's gzip ones, inflates the gzip body once per change.

import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';
import {
  compressSegment,
  DEFAULT_CHUNK_BYTES,
  type Deflate,
  joined,
  PART_LEVEL,
  type Segment,
  syncFlushedDeflate,
} from './body-segment.js';
import { SingleFlight } from './single-flight.js';

const gunzipAsync = promisify(gunzip);

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** A final, empty, fixed-Huffman deflate block. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

export class ExpositionCache {
  private readonly parts = new Map<string, readonly Segment[]>();
  private readonly pending = new Map<string, number>();
  private readonly refreshes = new Map<string, SingleFlight>();
  private gzipBody = gzipMember([]);
  /** The text of gzipBody, inflated on the first plain scrape after a change. */
  private plainText: { readonly of: Buffer; readonly text: Promise<Buffer> | Buffer } | undefined;

  constructor(
    private readonly order: readonly string[],
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
    /** What compresses the parts; counted by the tests. */
    private readonly deflate: Deflate = syncFlushedDeflate,
  ) {}

  /**
   * Replaces one part. Bytes are read as they are (the caller hands them over and must not change
   * them until this resolves); text is encoded. Scrapes keep getting the previous body until this
   * one is compressed.
   */
  async update(key: string, content: string | Uint8Array): Promise<void> {
    const ticket = this.nextTicket(key);
    const plain =
      typeof content === 'string'
        ? Buffer.from(content, 'utf8')
        : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    const segment = await compressSegment(plain, this.deflate, PART_LEVEL, this.chunkBytes);
    // A newer render of the same part may have finished first; it wins.
    if (this.pending.get(key) !== ticket) return;
    this.set(key, [segment]);
  }

  /** Replaces one part with segments compressed by the caller; newer than any update still compressing. */
  publish(key: string, segments: readonly Segment[]): void {
    this.nextTicket(key);
    this.set(key, segments);
  }

  /**
   * Renders one part and serves it; requests that arrive while a render is under way share one
   * more render after it (which sees what each of them changed before asking), and requests in the
   * same turn of the event loop share one. Several organizations share the self-metrics registry:
   * a burst of their polls renders it once, not once per poll.
   */
  refresh(key: string, render: () => Promise<string | Uint8Array>): Promise<void> {
    let flight = this.refreshes.get(key);
    if (flight === undefined) {
      flight = new SingleFlight();
      this.refreshes.set(key, flight);
    }
    return flight.run(async () => this.update(key, await render()));
  }

  /** The text, for callers that cannot wait (tests, --once); a server awaits plainBody(). */
  get plain(): Buffer {
    const cached = this.plainText;
    if (cached?.of === this.gzipBody && Buffer.isBuffer(cached.text)) return cached.text;
    const text = gunzipSync(this.gzipBody);
    this.plainText = { of: this.gzipBody, text };
    return text;
  }

  /** The text of the body served now, inflated off the event loop once per change. */
  plainBody(): Promise<Buffer> {
    const body = this.gzipBody;
    if (this.plainText?.of !== body) {
      const text = gunzipAsync(body);
      this.plainText = { of: body, text };
      // Kept as bytes once inflated, so the synchronous getter reuses it too.
      void text.then(
        (bytes) => {
          if (this.plainText?.of === body) this.plainText = { of: body, text: bytes };
        },
        () => undefined,
      );
    }
    return Promise.resolve((this.plainText as { text: Promise<Buffer> | Buffer }).text);
  }

  get gzip(): Buffer {
    return this.gzipBody;
  }

  private nextTicket(key: string): number {
    const ticket = (this.pending.get(key) ?? 0) + 1;
    this.pending.set(key, ticket);
    return ticket;
  }

  private set(key: string, segments: readonly Segment[]): void {
    this.parts.set(key, segments);
    const keys = this.order.filter((name) => this.parts.has(name));
    for (const name of this.parts.keys()) if (!this.order.includes(name)) keys.push(name);
    this.gzipBody = gzipMember(keys.flatMap((name) => this.parts.get(name) ?? []));
  }
}

function gzipMember(segments: readonly Segment[]): Buffer {
  const { crc, length } = joined(segments);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, ...segments.map((segment) => segment.deflated), FINAL_BLOCK, trailer]);
}
