// `npm run check` runs only the fast tier, so a test that starts a real process must say so in its
// name (or live in test/e2e); otherwise the fast tier would quietly need Prometheus or Chromium.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSlowTest } from '../../vitest.config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The test helpers through which tests start the exporter, the simulator, Prometheus, promtool or Chromium. */
const PROCESS_HELPERS: readonly string[] = [
  'test/support/processes.ts',
  'test/grafana/promtool.ts',
  'test/http/chromium.ts',
];

type ReadSource = (path: string) => string;

const readFromRepository: ReadSource = (path) => readFileSync(join(ROOT, path), 'utf8');

/** Relative imports of a file under test/, as repository paths of the .ts sources. */
function localImports(path: string, source: string): string[] {
  // Anchored at line starts, so import statements quoted inside a test's strings do not count.
  const specifiers = [
    ...source.matchAll(/^(?:import|export|\}).*?(?:from |import )'(\.{1,2}\/[^']+)'/gm),
  ].map((m) => m[1] ?? '');
  return specifiers
    .map((specifier) => normalize(join(dirname(path), specifier)).replace(/\.js$/, '.ts'))
    .filter((imported) => imported.startsWith('test/'));
}

/** Whether a test file starts processes itself or through one of the process helpers. */
function startsProcesses(testFile: string, read: ReadSource): boolean {
  const seen = new Set<string>();
  const pending = [testFile];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    if (PROCESS_HELPERS.includes(path)) return true;
    const source = read(path);
    if (path === testFile && /^import .*from 'node:child_process'/m.test(source)) return true;
    pending.push(...localImports(path, source));
  }
  return false;
}

function testFiles(): string[] {
  return readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .map((entry) =>
      relative(ROOT, join(ROOT, 'test', entry))
        .split('\\')
        .join('/'),
    )
    .filter((path) => path.endsWith('.test.ts'))
    .sort();
}

describe('the test tiers', () => {
  it('put every test that starts a process in the slow tier', () => {
    const misplaced = testFiles().filter(
      (file) => !isSlowTest(file) && startsProcesses(file, readFromRepository),
    );
    expect(misplaced, 'rename these to *.e2e.test.ts (or *.browser.test.ts for Chromium)').toEqual([]);
  });

  it('leave the fast tier non-empty and the slow tier to its named files', () => {
    const files = testFiles();
    expect(files.filter((file) => !isSlowTest(file)).length).toBeGreaterThan(50);
    expect(isSlowTest('test/e2e/once.test.ts')).toBe(true);
    expect(isSlowTest('test/grafana/rules.e2e.test.ts')).toBe(true);
    expect(isSlowTest('test/http/landing-page.browser.test.ts')).toBe(true);
    expect(isSlowTest('test/exporter/exactness.slow.test.ts')).toBe(true);
    expect(isSlowTest('test/ledger/category-ledger.test.ts')).toBe(false);
  });

  it('see processes started directly or through a helper, however deep', () => {
    const sources: Record<string, string> = {
      'test/a/direct.test.ts': "import { spawn } from 'node:child_process';",
      'test/a/helper.test.ts': "import { run } from './support/run.js';",
      'test/a/support/run.ts': "import { spawnLogged } from '../../support/processes.js';",
      'test/a/in-process.test.ts': "import { certificate } from './support/cert.js';",
      'test/a/support/cert.ts': "import { execFileSync } from 'node:child_process';",
    };
    const read: ReadSource = (path) => sources[path] ?? '';
    expect(startsProcesses('test/a/direct.test.ts', read)).toBe(true);
    expect(startsProcesses('test/a/helper.test.ts', read)).toBe(true);
    // Helpers may shell out for fixtures (openssl certificates) without making the test slow.
    expect(startsProcesses('test/a/in-process.test.ts', read)).toBe(false);
  });
});
