// Prometheus text format 0.0.4 primitives. Escaping follows the format specification exactly:
// label values escape backslash, double quote and line feed; HELP escapes backslash and line feed.

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

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
