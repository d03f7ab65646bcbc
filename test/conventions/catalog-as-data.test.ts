// Category behaviour is data in the catalog: code outside src/catalog asks a spec what to do
// (which widths, which page size, how values read) and never branches on which category it is.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The product and the tools built on it; the simulator models the upstream and may keep its own logic. */
const SCANNED_FOLDERS: readonly string[] = ['src', 'scripts', 'bench'];

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file))
    .filter((path) => !path.startsWith('src/catalog/'));
}

/** `=== 'id'`, `!== 'id'`, `'id' ===`, `'id' !==` and `case 'id':` for every catalog id. */
function idComparisons(source: string): string[] {
  const ids = CATEGORY_IDS.join('|');
  const pattern = new RegExp(`([!=]==\\s*'(${ids})')|('(${ids})'\\s*[!=]==)|(case\\s+'(${ids})'\\s*:)`, 'g');
  return [...source.matchAll(pattern)].map((match) => match[0]);
}

describe('the catalog as data', () => {
  it('no source file outside src/catalog compares a category id to a literal', () => {
    const found = SCANNED_FOLDERS.flatMap(sources).flatMap((path) =>
      idComparisons(readFileSync(join(ROOT, path), 'utf8')).map((comparison) => `${path}: ${comparison}`),
    );
    expect(found).toEqual([]);
  });

  it('the scan finds every spelling of a comparison (the check can fail)', () => {
    const source = [
      "if (spec.id === 'costs') a();",
      "if (id !== 'completions') b();",
      "if ('web_search_calls' === id) c();",
      "switch (id) { case 'vector_stores': d(); }",
      "const label = 'costs'; // naming an id is not a branch",
    ].join('\n');
    expect(idComparisons(source)).toEqual([
      "=== 'costs'",
      "!== 'completions'",
      "'web_search_calls' ===",
      "case 'vector_stores':",
    ]);
  });
});
