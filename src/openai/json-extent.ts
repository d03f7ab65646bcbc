// Where one JSON value ends in text that may arrive in several pieces: the page scanner hands each
// bounded value to JSON.parse (native, and faster than any parser written here), so all it needs
// is the value's extent. It tracks strings, escapes and nesting; JSON.parse judges the rest.

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/** A value's scan so far, kept between pieces of text so no character is scanned twice. */
export interface Extent {
  /** Index in the text where the scan resumes. */
  next: number;
  depth: number;
  inString: boolean;
}

export function extentFrom(start: number): Extent {
  return { next: start, depth: 0, inString: false };
}

export function isJsonSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * The index just past the value starting at `start`, or -1 when `text` ends first (the scan
 * state is saved in `extent`). A number, `true`, `false` or `null` ends at the character after
 * it, so it is complete only once that character has arrived.
 */
export function valueEnd(text: string, start: number, extent: Extent): number {
  const first = text.charCodeAt(start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET && first !== QUOTE) return scalarEnd(text, extent);
  const n = text.length;
  let i = extent.next;
  let { depth, inString } = extent;
  while (i < n) {
    if (inString) {
      // Strings are most of a page: jump from quote to quote, an odd run of backslashes escapes one.
      const quote = text.indexOf('"', i);
      if (quote < 0) {
        i = n;
        break;
      }
      let before = quote - 1;
      while (text.charCodeAt(before) === BACKSLASH) before--;
      i = quote + 1;
      if ((quote - 1 - before) % 2 === 0) {
        inString = false;
        if (depth === 0) return i;
      }
      continue;
    }
    const code = text.charCodeAt(i);
    i++;
    if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i;
    }
  }
  extent.next = i;
  extent.depth = depth;
  extent.inString = inString;
  return -1;
}

function scalarEnd(text: string, extent: Extent): number {
  const n = text.length;
  for (let i = extent.next; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isJsonSpace(code)) return i;
  }
  extent.next = n;
  return -1;
}
