// A strict parser for the Prometheus text format, for asserting on what /metrics serves.
// It refuses anything the format does not allow, so a test that parses also validates.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedExposition {
  readonly samples: readonly Sample[];
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseExposition(text: string): ParsedExposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('exposition does not end with a newline');
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line.startsWith('# HELP ')) {
      const rest = line.slice(7);
      const name = NAME.exec(rest)?.[0];
      if (name === undefined) throw new Error(`${where}: bad HELP`);
      if (help.has(name)) throw new Error(`${where}: second HELP for ${name}`);
      help.set(name, unescapeHelp(rest.slice(name.length + 1)));
      return;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type, extra] = line.slice(7).split(' ');
      if (name === undefined || type === undefined || extra !== undefined)
        throw new Error(`${where}: bad TYPE`);
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type))
        throw new Error(`${where}: type ${type}`);
      if (types.has(name)) throw new Error(`${where}: second TYPE for ${name}`);
      types.set(name, type);
      return;
    }
    if (line.startsWith('#') || line.trim() === '') return;
    samples.push(parseSample(line, where));
  });
  return { samples, types, help };
}

function parseSample(line: string, where: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) throw new Error(`${where}: bad metric name in ${JSON.stringify(line)}`);
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const labelName = LABEL_NAME.exec(rest)?.[0];
      if (labelName === undefined || rest[labelName.length] !== '=' || rest[labelName.length + 1] !== '"') {
        throw new Error(`${where}: bad label in ${JSON.stringify(line)}`);
      }
      rest = rest.slice(labelName.length + 2);
      let value = '';
      for (;;) {
        const char = rest[0];
        if (char === undefined) throw new Error(`${where}: unterminated label value`);
        if (char === '"') break;
        if (char === '\n') throw new Error(`${where}: raw newline in label value`);
        if (char === '\\') {
          const next = rest[1];
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else throw new Error(`${where}: bad escape \\${next}`);
          rest = rest.slice(2);
          continue;
        }
        value += char;
        rest = rest.slice(1);
      }
      if (labelName in labels) throw new Error(`${where}: duplicate label ${labelName}`);
      labels[labelName] = value;
      rest = rest.slice(1);
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) throw new Error(`${where}: expected , or } in ${JSON.stringify(line)}`);
    }
    rest = rest.slice(1);
  }
  if (!rest.startsWith(' ')) throw new Error(`${where}: expected a space before the value`);
  const [valueText, timestamp, extra] = rest.slice(1).split(' ');
  if (
    valueText === undefined ||
    extra !== undefined ||
    (timestamp !== undefined && !/^-?\d+$/.test(timestamp))
  ) {
    throw new Error(`${where}: bad value in ${JSON.stringify(line)}`);
  }
  const value = parseValue(valueText);
  if (value === undefined) throw new Error(`${where}: bad value ${valueText} in ${JSON.stringify(line)}`);
  return { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(n|\\)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Sum of a family's samples, optionally only those whose labels include `match`. */
export function sumOf(parsed: ParsedExposition, name: string, match: Record<string, string> = {}): number {
  let total = 0;
  for (const sample of parsed.samples) {
    if (sample.name !== name) continue;
    if (Object.entries(match).every(([k, v]) => sample.labels[k] === v)) total += sample.value;
  }
  return total;
}
