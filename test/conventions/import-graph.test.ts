// `src/` holds only the product: the simulator (simulator/) may read the product's catalog, the
// product never reaches into the simulator, and no module imports itself through a circle.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
}

/**
 * Static relative imports and re-exports, as repository paths of .ts files. `import type` and
 * `export type` are erased at build time, so only `withTypes` counts them: the product must not
 * name the simulator even in a type, and a type-only circle in the product still ties two files
 * together so neither can be read or moved without the other.
 */
function staticImports(path: string, source: string, withTypes: boolean): string[] {
  const statements = [...source.matchAll(/^(import|export|\})(.*?)(?:from |import )'(\.{1,2}\/[^']+)'/gms)];
  return statements
    .filter((m) => withTypes || !/^\s*type\b/.test(m[2] ?? ''))
    .map((m) => normalize(join(dirname(path), m[3] ?? '')).replace(/\.js$/, '.ts'));
}

function graph(files: readonly string[], withTypes = true): Map<string, string[]> {
  return new Map(
    files.map((file) => [file, staticImports(file, readFileSync(join(ROOT, file), 'utf8'), withTypes)]),
  );
}

/** Every cycle's entry edge, found by depth-first search; empty when the graph is acyclic. */
function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the import graph', () => {
  const product = sources('src');
  const simulator = sources('simulator');

  it('has no simulator file under src/', () => {
    expect(product.filter((file) => /simulat/.test(file))).toEqual([]);
    expect(simulator.length).toBeGreaterThan(20);
  });

  it('never leads from the product into the simulator', () => {
    const edges = graph(product);
    const intoSimulator = [...edges].flatMap(([file, imports]) =>
      imports.filter((target) => !target.startsWith('src/')).map((target) => `${file} -> ${target}`),
    );
    expect(intoSimulator).toEqual([]);
  });

  it('lets the simulator read the product only through its catalog', () => {
    const edges = graph(simulator);
    const intoProduct = [...edges].flatMap(([file, imports]) =>
      imports
        .filter((target) => target.startsWith('src/') && !target.startsWith('src/catalog/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(intoProduct).toEqual([]);
  });

  it('has no circle at run time', () => {
    expect(cycles(graph([...product, ...simulator], false))).toEqual([]);
  });

  it('has no circle in the product, not even through type-only imports', () => {
    expect(cycles(graph(product))).toEqual([]);
  });

  it('counts a type-only import as an edge only when asked to', () => {
    const source = "import type { A } from './a.js';\nimport { b } from './b.js';\n";
    expect(staticImports('src/x/c.ts', source, true)).toEqual(['src/x/a.ts', 'src/x/b.ts']);
    expect(staticImports('src/x/c.ts', source, false)).toEqual(['src/x/b.ts']);
  });

  it('finds a circle when there is one (the check can fail)', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(cycles(edges)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
