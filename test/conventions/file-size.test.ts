// Files in the product stay small enough to read in one sitting: a file that outgrows the limit
// holds more than one job and is split, not granted an exception.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LINES = 250;

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

function oversized(folder: string, maxLines: number): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({
      path: join(folder, file),
      lines: lineCount(readFileSync(join(ROOT, folder, file), 'utf8')),
    }))
    .filter(({ lines }) => lines > maxLines)
    .map(({ path, lines }) => `${path}: ${lines} lines`);
}

describe('file size', () => {
  it(`no file in src/ exceeds ${MAX_LINES} lines`, () => {
    expect(oversized('src', MAX_LINES)).toEqual([]);
  });

  it('counts lines as an editor does, so the check can fail', () => {
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
    expect(oversized('src', 1).length).toBeGreaterThan(0);
  });
});
