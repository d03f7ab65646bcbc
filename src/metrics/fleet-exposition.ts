// Several organizations' exporters served as one exposition. Each renders its parts (a category,
// the names, ...) as if it were alone; the text format allows one HELP and TYPE per family and
// wants a family's samples together, so the same part of every organization is merged family by
// family. A part is indexed once when it changes (its family offsets, found with indexOf on the
// bytes) and each of its families' samples compressed apart, as a segment of the body; the merged
// part joins the segments of every organization, so a poll compresses only the organization that
// polled, and no organization's text is kept once compressed. A merged part smaller than a
// compression chunk is compressed whole instead (its text inflated back from the segments): the
// organizations' samples look alike, so compressed together they take a third of the bytes, and
// compressing a small part whole costs little.

import { promisify } from 'node:util';
import { constants, inflateRaw } from 'node:zlib';
import { ExporterError } from '../errors.js';
import {
  compressSegment,
  DEFAULT_CHUNK_BYTES,
  type Deflate,
  EMPTY_SEGMENT,
  SEGMENT_LEVEL,
  type Segment,
  syncFlushedDeflate,
} from './body-segment.js';
import { ExpositionCache } from './exposition-cache.js';
import { type IndexedPart, indexPart, toBuffer } from './part-index.js';

const inflateRawAsync = promisify(inflateRaw);

export interface FleetExpositionOptions {
  /** What compresses; counted by the tests. */
  readonly deflate?: Deflate;
  /** Merged parts of fewer bytes of text are compressed whole. */
  readonly wholeBelow?: number;
}

/** Where an exporter hands its rendered parts. */
export interface PartSink {
  update(key: string, content: string | Uint8Array): Promise<void>;
  /** Renders a part and serves it; refreshes of a part every organization shares share renders. */
  refresh(key: string, render: () => Promise<string | Uint8Array>): Promise<void>;
}

/** The self-metrics are one registry: any organization's render of them is the whole part. */
const SHARED_PART = 'self';

interface CompressedPart {
  readonly preamble: Segment;
  /** By family: its HELP and TYPE lines, and this organization's samples. */
  readonly families: ReadonlyMap<string, { readonly header: Segment; readonly samples: Segment }>;
}

export class FleetExposition {
  /** What /metrics serves (plain and gzip). */
  readonly cache: ExpositionCache;
  private readonly organizations: readonly string[];
  /** By part key, then organization. */
  private readonly parts = new Map<string, Map<string, CompressedPart>>();
  /** The latest update of each organization's part, by `organization key`: an older one finishing later loses. */
  private readonly pending = new Map<string, number>();
  /** The latest merge of each part: a merge still inflating when a newer one exists is dropped. */
  private readonly merges = new Map<string, number>();
  /** Compressed HELP and TYPE lines by their text: the same for every organization, compressed once. */
  private readonly headers = new Map<string, Promise<Segment>>();
  private readonly deflate: Deflate;
  private readonly wholeBelow: number;

  /** `organizations` in the configured order (their samples' order); `order` is the parts' order. */
  constructor(
    organizations: readonly string[],
    order: readonly string[],
    options: FleetExpositionOptions = {},
  ) {
    this.organizations = [...organizations];
    this.deflate = options.deflate ?? syncFlushedDeflate;
    this.wholeBelow = options.wholeBelow ?? DEFAULT_CHUNK_BYTES;
    this.cache = new ExpositionCache(order, undefined, this.deflate);
  }

  /** Where `organization`'s exporter renders to; only the organizations it was made with. */
  partsFor(organization: string): PartSink {
    // One organization's parts are served as they are, unindexed: adding one later would lose them.
    if (!this.organizations.includes(organization)) throw new UnknownOrganizationError(organization);
    return {
      update: (key, content) => this.update(organization, key, content),
      refresh: async (key, render) => {
        if (this.isWhole(key)) return this.cache.refresh(key, render);
        return this.update(organization, key, await render());
      },
    };
  }

  /** Served as rendered: the shared part, and every part when there is one organization. */
  private isWhole(key: string): boolean {
    return key === SHARED_PART || this.organizations.length === 1;
  }

  private async update(organization: string, key: string, content: string | Uint8Array): Promise<void> {
    if (this.isWhole(key)) return this.cache.update(key, content);
    const pendingKey = `${organization} ${key}`;
    const ticket = (this.pending.get(pendingKey) ?? 0) + 1;
    this.pending.set(pendingKey, ticket);
    const compressed = await this.compress(indexPart(toBuffer(content)));
    if (this.pending.get(pendingKey) !== ticket) return;
    const byOrganization = this.parts.get(key) ?? new Map<string, CompressedPart>();
    this.parts.set(key, byOrganization);
    byOrganization.set(organization, compressed);
    const segments = this.merge(byOrganization);
    const merge = (this.merges.get(key) ?? 0) + 1;
    this.merges.set(key, merge);
    const length = segments.reduce((sum, segment) => sum + segment.length, 0);
    if (length >= this.wholeBelow) return this.cache.publish(key, segments);
    const text = await inflateRawAsync(Buffer.concat(segments.map((segment) => segment.deflated)), {
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    // A later merge holds this organization's part too, and is served instead.
    if (this.merges.get(key) !== merge) return;
    await this.cache.update(key, text);
  }

  private async compress(part: IndexedPart): Promise<CompressedPart> {
    const families = await Promise.all(
      [...part.families].map(async ([name, family]) => {
        const [header, samples] = await Promise.all([
          this.header(family.header),
          compressSegment(family.samples, this.deflate, SEGMENT_LEVEL),
        ]);
        return [name, { header, samples }] as const;
      }),
    );
    const preamble = await compressSegment(part.preamble, this.deflate, SEGMENT_LEVEL);
    return { preamble, families: new Map(families) };
  }

  private header(bytes: Buffer): Promise<Segment> {
    const text = bytes.toString('latin1');
    let segment = this.headers.get(text);
    if (segment === undefined) {
      segment = compressSegment(Buffer.from(bytes), this.deflate, SEGMENT_LEVEL);
      this.headers.set(text, segment);
      // A failed compression is retried by the next update rather than served forever.
      segment.catch(() => this.headers.delete(text));
    }
    return segment;
  }

  /** One HELP/TYPE per family, in the order families first appear, then every organization's samples. */
  private merge(byOrganization: ReadonlyMap<string, CompressedPart>): Segment[] {
    const present = this.organizations.flatMap((name) => byOrganization.get(name) ?? []);
    const segments: Segment[] = present.map((part) => part.preamble);
    const names = new Set<string>();
    for (const part of present) for (const name of part.families.keys()) names.add(name);
    for (const name of names) {
      let headed = false;
      for (const part of present) {
        const family = part.families.get(name);
        if (family === undefined) continue;
        if (!headed) segments.push(family.header);
        headed = true;
        segments.push(family.samples);
      }
    }
    return segments.filter((segment) => segment !== EMPTY_SEGMENT);
  }
}

export class UnknownOrganizationError extends ExporterError {
  override readonly name = 'UnknownOrganizationError';

  constructor(organization: string) {
    super(`organization ${organization} is not one of the exposition's organizations`);
  }
}
