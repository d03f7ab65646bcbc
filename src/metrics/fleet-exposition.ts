// Several organizations' exporters served as one exposition. Each renders its parts (a category,
// the names, ...) as if it were alone; the text format allows one HELP and TYPE per family and
// wants a family's samples together, so the same part of every organization is merged family by
// family. A part is indexed once when it changes (its family offsets, found with indexOf on the
// bytes) and unchanged organizations' parts are reused as they are, so a poll costs one scan of
// the new part and one copy of the merged one.

import { ExporterError } from '../errors.js';
import { ExpositionCache } from './exposition-cache.js';

/** Where an exporter hands its rendered parts. */
export interface PartSink {
  update(key: string, content: string | Uint8Array): Promise<void>;
}

/** The self-metrics are one registry: any organization's render of them is the whole part. */
const SHARED_PART = 'self';
const HELP = Buffer.from('# HELP ');
const LINE_HELP = Buffer.from('\n# HELP ');
const TYPE = Buffer.from('# TYPE ');
const NEWLINE = 0x0a;
const SPACE = 0x20;

interface Family {
  /** The HELP and TYPE lines. */
  readonly header: Buffer;
  readonly samples: Buffer;
}

interface IndexedPart {
  /** Anything before the first family (nothing, from the renderers). */
  readonly preamble: Buffer;
  readonly families: ReadonlyMap<string, Family>;
}

export class FleetExposition {
  /** What /metrics serves (plain and gzip). */
  readonly cache: ExpositionCache;
  private readonly organizations: readonly string[];
  /** By part key, then organization. */
  private readonly parts = new Map<string, Map<string, IndexedPart>>();

  /** `organizations` in the configured order (their samples' order); `order` is the parts' order. */
  constructor(organizations: readonly string[], order: readonly string[]) {
    this.organizations = [...organizations];
    this.cache = new ExpositionCache(order);
  }

  /** Where `organization`'s exporter renders to; only the organizations it was made with. */
  partsFor(organization: string): PartSink {
    // One organization's parts are served as they are, unindexed: adding one later would lose them.
    if (!this.organizations.includes(organization)) throw new UnknownOrganizationError(organization);
    return { update: (key, content) => this.update(organization, key, content) };
  }

  private update(organization: string, key: string, content: string | Uint8Array): Promise<void> {
    if (key === SHARED_PART || this.organizations.length === 1) return this.cache.update(key, content);
    const byOrganization = this.parts.get(key) ?? new Map<string, IndexedPart>();
    this.parts.set(key, byOrganization);
    byOrganization.set(organization, indexPart(toBuffer(content)));
    return this.cache.update(key, this.merge(byOrganization));
  }

  /** One HELP/TYPE per family, in the order families first appear, then every organization's samples. */
  private merge(byOrganization: ReadonlyMap<string, IndexedPart>): Buffer {
    const present = this.organizations.flatMap((name) => byOrganization.get(name) ?? []);
    const chunks: Buffer[] = present.map((part) => part.preamble);
    const names = new Set<string>();
    for (const part of present) for (const name of part.families.keys()) names.add(name);
    for (const name of names) {
      let headed = false;
      for (const part of present) {
        const family = part.families.get(name);
        if (family === undefined) continue;
        if (!headed) chunks.push(family.header);
        headed = true;
        chunks.push(family.samples);
      }
    }
    return Buffer.concat(chunks);
  }
}

export class UnknownOrganizationError extends ExporterError {
  override readonly name = 'UnknownOrganizationError';

  constructor(organization: string) {
    super(`organization ${organization} is not one of the exposition's organizations`);
  }
}

function toBuffer(content: string | Uint8Array): Buffer {
  return typeof content === 'string'
    ? Buffer.from(content, 'utf8')
    : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/** The families of one part, as views of its bytes (nothing is copied). */
export function indexPart(bytes: Buffer): IndexedPart {
  const starts: number[] = [];
  const next = (from: number): number => {
    const newline = bytes.indexOf(LINE_HELP, from);
    return newline === -1 ? -1 : newline + 1;
  };
  for (let at = startsWith(bytes, 0, HELP) ? 0 : next(0); at !== -1; at = next(at)) starts.push(at);
  const families = new Map<string, Family>();
  starts.forEach((start, index) => {
    const end = starts[index + 1] ?? bytes.length;
    const nameEnd = bytes.indexOf(SPACE, start + HELP.length);
    const name = bytes.toString('latin1', start + HELP.length, nameEnd);
    let headerEnd = lineEnd(bytes, start);
    if (startsWith(bytes, headerEnd, TYPE)) headerEnd = lineEnd(bytes, headerEnd);
    families.set(name, {
      header: bytes.subarray(start, headerEnd),
      samples: bytes.subarray(headerEnd, end),
    });
  });
  return { preamble: bytes.subarray(0, starts[0] ?? bytes.length), families };
}

function startsWith(bytes: Buffer, at: number, prefix: Buffer): boolean {
  return (
    bytes.length >= at + prefix.length &&
    bytes.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0
  );
}

/** Where the line at `at` ends, after its newline. */
function lineEnd(bytes: Buffer, at: number): number {
  const newline = bytes.indexOf(NEWLINE, at);
  return newline === -1 ? bytes.length : newline + 1;
}
