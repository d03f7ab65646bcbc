// Streams a text-format exposition family by family, so prom-client can be given exactly the
// families, label sets and values the exporter served, without holding a million parsed samples.

export interface FamilyVisitor {
  family(name: string, type: string, help: string): void;
  sample(name: string, labelNames: readonly string[], labelValues: readonly string[], value: number): void;
}

export function readExposition(text: string, visitor: FamilyVisitor): void {
  const help = new Map<string, string>();
  let lineStart = 0;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    const line = text.slice(lineStart, end);
    lineStart = end + 1;
    if (line.startsWith('# HELP ')) {
      const space = line.indexOf(' ', 7);
      help.set(line.slice(7, space), unescapeHelp(line.slice(space + 1)));
    } else if (line.startsWith('# TYPE ')) {
      const [name = '', type = ''] = line.slice(7).split(' ');
      visitor.family(name, type, help.get(name) ?? '');
    } else if (line.length > 0 && !line.startsWith('#')) {
      readSample(line, visitor);
    }
  }
}

function readSample(line: string, visitor: FamilyVisitor): void {
  const brace = line.indexOf('{');
  const firstSpace = line.indexOf(' ');
  if (brace < 0 || brace > firstSpace) {
    visitor.sample(line.slice(0, firstSpace), [], [], Number(line.slice(firstSpace + 1)));
    return;
  }
  const names: string[] = [];
  const values: string[] = [];
  let at = brace + 1;
  while (line[at] !== '}') {
    const equals = line.indexOf('="', at);
    names.push(line.slice(at, equals));
    let value = '';
    at = equals + 2;
    while (line[at] !== '"') {
      if (line[at] === '\\') {
        const next = line[at + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        at += 2;
      } else {
        value += line[at];
        at += 1;
      }
    }
    values.push(value);
    at += 1;
    if (line[at] === ',') at += 1;
  }
  visitor.sample(line.slice(0, brace), names, values, Number(line.slice(at + 2)));
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, char: string) => (char === 'n' ? '\n' : '\\'));
}
