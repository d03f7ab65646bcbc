// The families of one rendered part, found once when it changes: the text format allows one HELP
// and TYPE per family, so merging several organizations' parts needs each family's header and
// samples apart. Found with indexOf on the bytes; nothing is copied.

const HELP = Buffer.from('# HELP ');
const LINE_HELP = Buffer.from('\n# HELP ');
const TYPE = Buffer.from('# TYPE ');
const NEWLINE = 0x0a;
const SPACE = 0x20;

export interface Family {
  /** The HELP and TYPE lines. */
  readonly header: Buffer;
  readonly samples: Buffer;
}

export interface IndexedPart {
  /** Anything before the first family (nothing, from the renderers). */
  readonly preamble: Buffer;
  readonly families: ReadonlyMap<string, Family>;
}

export function toBuffer(content: string | Uint8Array): Buffer {
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
