// The processes the benchmark measures run as compiled JavaScript, as the exporter does in
// production (`node dist/src/main.js`), not through tsx, whose loader thread alone adds about
// 30 MB of RSS. tsc compiles src/ and bench/ once per run into .tmp/ (git-ignored).

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD_DIR = fileURLToPath(new URL('../.tmp/bench-build/', import.meta.url));

export function compileBench(): void {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  const config = {
    extends: '../../tsconfig.json',
    compilerOptions: { noEmit: false, outDir: 'out', rootDir: '../..', sourceMap: false, declaration: false },
    include: ['../../src', '../../bench'],
  };
  writeFileSync(join(BUILD_DIR, 'tsconfig.json'), JSON.stringify(config));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(BUILD_DIR, 'tsconfig.json')], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`tsc failed:\n${result.stdout}${result.stderr}`);
}

/** `bench/load-generator.ts` → its compiled file. */
export function compiled(script: string): string {
  return join(BUILD_DIR, 'out', script.replace(/\.ts$/, '.js'));
}
