// The /metrics body, kept ready in memory: scrapes only copy bytes and never wait on OpenAI
// or on rendering. Each part (a category, or the self-metrics) is rendered and compressed on
// its own, and the gzip body is the concatenation of gzip members, which RFC 1952 readers
// (Prometheus, curl, browsers) decompress as one stream, so an unchanged part is never redone.

import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

interface Part {
  readonly plain: Buffer;
  readonly compressed: Buffer;
}

export class ExpositionCache {
  private readonly parts = new Map<string, Part>();
  private readonly pending = new Map<string, number>();
  private plainBody = Buffer.alloc(0);
  private gzipBody = Buffer.alloc(0);

  constructor(private readonly order: readonly string[]) {}

  /** Replaces one part. Compression runs on libuv's thread pool so scrapes keep being served. */
  async update(key: string, text: string): Promise<void> {
    const ticket = (this.pending.get(key) ?? 0) + 1;
    this.pending.set(key, ticket);
    const plain = Buffer.from(text, 'utf8');
    const compressed = await gzipAsync(plain, { level: 6 });
    // A newer render of the same part may have finished first; it wins.
    if (this.pending.get(key) !== ticket) return;
    this.parts.set(key, { plain, compressed });
    this.assemble();
  }

  get plain(): Buffer {
    return this.plainBody;
  }

  get gzip(): Buffer {
    return this.gzipBody;
  }

  private assemble(): void {
    const keys = [...this.order.filter((key) => this.parts.has(key))];
    for (const key of this.parts.keys()) if (!this.order.includes(key)) keys.push(key);
    const parts = keys.map((key) => this.parts.get(key) as Part);
    this.plainBody = Buffer.concat(parts.map((part) => part.plain));
    this.gzipBody = Buffer.concat(parts.map((part) => part.compressed));
  }
}
