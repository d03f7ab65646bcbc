// A small PromQL lexer for linting queries without a real parser: bracket balance, metric names,
// selectors with their matchers, range windows of rate-like functions, Grafana variables.

export interface Token {
  readonly kind: 'ident' | 'string' | 'number' | 'variable' | 'punct';
  readonly text: string;
}

const OPERATORS = ['=~', '!~', '!=', '==', '>=', '<='];

export function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== c) j += expr[j] === '\\' ? 2 : 1;
      if (j >= expr.length) throw new Error(`unterminated string at ${i} in ${expr}`);
      tokens.push({ kind: 'string', text: expr.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '$') {
      const match = /^\$(\{[^}]*\}|\w+)/.exec(expr.slice(i));
      if (match === null) throw new Error(`stray $ at ${i} in ${expr}`);
      tokens.push({ kind: 'variable', text: match[0] });
      i += match[0].length;
    } else if (/[0-9.]/.test(c)) {
      const match = /^[0-9.]+(?:[eE][+-]?[0-9]+)?(?:[a-zA-Z]+[0-9]*)*/.exec(expr.slice(i));
      const text = match?.[0] ?? c;
      tokens.push({ kind: 'number', text });
      i += text.length;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const text = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'ident', text });
      i += text.length;
    } else {
      const operator = OPERATORS.find((op) => expr.startsWith(op, i));
      tokens.push({ kind: 'punct', text: operator ?? c });
      i += operator?.length ?? 1;
    }
  }
  return tokens;
}

const PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

/** Undefined when every bracket closes in order, otherwise what is wrong. */
export function bracketError(expr: string): string | undefined {
  const stack: string[] = [];
  for (const token of tokenize(expr)) {
    if (token.kind !== 'punct') continue;
    if ('([{'.includes(token.text)) stack.push(token.text);
    const opener = PAIRS[token.text];
    if (opener !== undefined && stack.pop() !== opener) return `unexpected ${token.text}`;
  }
  return stack.length === 0 ? undefined : `unclosed ${stack.join('')}`;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'Inf', 'NaN']);
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

export interface Matcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

export interface Selector {
  readonly metric: string;
  readonly matchers: readonly Matcher[];
}

function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const text = tokens[i]?.text;
    if (tokens[i]?.kind !== 'punct') continue;
    if (text === '(' || text === '[' || text === '{') depth += 1;
    if (text === ')' || text === ']' || text === '}') depth -= 1;
    if (depth === 0) return i;
  }
  throw new Error('unbalanced brackets');
}

function matchersIn(tokens: readonly Token[]): Matcher[] {
  const matchers: Matcher[] = [];
  for (let i = 0; i + 2 < tokens.length; i += 1) {
    const [label, op, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (label?.kind === 'ident' && op?.kind === 'punct' && value?.kind === 'string') {
      matchers.push({ label: label.text, op: op.text, value: value.text });
    }
  }
  return matchers;
}

/** A function call `f(` or an aggregation with its grouping first, `sum by (…) (…)`. */
function isCall(next: Token | undefined): boolean {
  return next?.text === '(' || next?.text === 'by' || next?.text === 'without';
}

/** Every vector selector: a metric name with its matchers, or a bare `{…}` with `__name__` matchers. */
export function selectors(expr: string): Selector[] {
  const tokens = tokenize(expr);
  const found: Selector[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    if (token.kind === 'ident' && LABEL_LISTS.has(token.text)) {
      if (next?.text === '(') i = closing(tokens, i + 1);
    } else if (token.kind === 'punct' && token.text === '[') {
      i = closing(tokens, i);
    } else if (token.kind === 'punct' && token.text === '{') {
      const end = closing(tokens, i);
      found.push({ metric: '', matchers: matchersIn(tokens.slice(i + 1, end)) });
      i = end;
    } else if (token.kind === 'ident' && !KEYWORDS.has(token.text) && !isCall(next)) {
      const hasMatchers = next?.text === '{';
      const end = hasMatchers ? closing(tokens, i + 1) : i;
      found.push({ metric: token.text, matchers: hasMatchers ? matchersIn(tokens.slice(i + 2, end)) : [] });
      i = end;
    }
  }
  return found;
}

export interface RangeUse {
  readonly fn: string;
  /** The text between the brackets, e.g. `5m` or `$__rate_interval`. */
  readonly range: string;
  readonly metrics: readonly string[];
}

/** Each call of `fns` with the range of its range-vector argument and the metrics it reads. */
export function rangeUses(expr: string, fns: ReadonlySet<string>): RangeUse[] {
  const tokens = tokenize(expr);
  const uses: RangeUse[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'ident' || !fns.has(token.text) || tokens[i + 1]?.text !== '(') return;
    const end = closing(tokens, i + 1);
    const inner = tokens.slice(i + 2, end);
    const open = inner.findIndex((t) => t.text === '[');
    const close = inner.findIndex((t) => t.text === ']');
    const range =
      open < 0 || close < 0
        ? ''
        : inner
            .slice(open + 1, close)
            .map((t) => t.text)
            .join('');
    const text = inner.map((t) => (t.kind === 'string' ? `"${t.text}"` : t.text)).join(' ');
    uses.push({ fn: token.text, range, metrics: selectors(text).map((s) => s.metric) });
  });
  return uses;
}

/** Grafana variables referenced anywhere, strings included, without `$`/`${}` and format suffix. */
export function variablesUsed(expr: string): string[] {
  return [...expr.matchAll(/\$(?:\{(\w+)(?::\w+)?\}|([a-zA-Z_]\w*))/g)].map((m) => (m[1] ?? m[2]) as string);
}

/** Durations such as `5m`, `1h30m`, `1d` in seconds; NaN for anything else. */
export function durationSeconds(text: string): number {
  const units: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  const parts = [...text.matchAll(/(\d+)([smhdwy])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return Number.NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] ?? Number.NaN), 0);
}
