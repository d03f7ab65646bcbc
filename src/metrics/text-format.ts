// Prometheus text format 0.0.4 primitives. Escaping follows the format specification exactly:
// label values escape backslash, double quote and line feed; HELP escapes backslash and line feed.

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The first label of every product series and of the per-organization self-metrics: one exporter
 * serves several organizations, and one organization still carries it so rules need no variants.
 */
export const ORGANIZATION_LABEL = 'organization';

const LABEL_VALUE_SPECIALS = /[\\"\n]/;
const HELP_SPECIALS = /[\\\n]/;

export function escapeLabelValue(value: string): string {
  if (!LABEL_VALUE_SPECIALS.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function escapeHelp(text: string): string {
  if (!HELP_SPECIALS.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** `{a="x",b="y"}`, or `''` when there are no labels. */
export function formatLabels(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  let text = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) text += ',';
    text += `${names[i]}="${escapeLabelValue(values[i] ?? '')}"`;
  }
  return `${text}}`;
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

export function familyHeader(name: string, type: 'counter' | 'gauge', help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

const MAX_DIGITS_VALUE = 1e15;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;

/**
 * Writes exposition text straight into bytes: at 100k series, building one string per line and
 * encoding the joined result took several times longer than the writes themselves.
 */
export class ExpositionWriter {
  private buffer: Buffer;
  private length = 0;

  /** `estimate` is the expected size in bytes; the buffer grows past it when needed. */
  constructor(estimate: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(4096, estimate));
  }

  /** Text already in exposition form, such as a family header. */
  text(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** `name labels value\n`; `labels` is a formatLabels result and `labelBytes` its UTF-8 length. */
  sample(name: string, labels: string, labelBytes: number, value: number): void {
    this.reserve(name.length + labelBytes + 32);
    const buffer = this.buffer;
    let at = this.length + buffer.write(name, this.length, 'latin1');
    if (labelBytes > 0) at += buffer.write(labels, at, 'utf8');
    buffer[at++] = SPACE;
    at = writeValue(buffer, at, value);
    buffer[at++] = NEWLINE;
    this.length = at;
  }

  /** The bytes written; the writer must not be used afterwards. */
  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** Integers (all token counts) are written digit by digit; anything else as formatValue spells it. */
function writeValue(buffer: Buffer, at: number, value: number): number {
  if (!(value >= 0 && value < MAX_DIGITS_VALUE && Number.isInteger(value))) {
    return at + buffer.write(formatValue(value), at, 'latin1');
  }
  let digits = 1;
  for (let power = 10; power <= value; power *= 10) digits++;
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    const quotient = Math.floor(rest / 10);
    buffer[i] = ZERO + (rest - quotient * 10);
    rest = quotient;
  }
  return at + digits;
}
