// `npm run build`: TypeScript to dist/, then dist/build-info.json with the git commit the build came
// from (or OPENAI_EXPORTER_REVISION, which the Dockerfile sets: its build context has no .git).
// `--if-stale` (the prestart step) skips both when dist/ is already current, so `npm start` only
// pays for a build after a change.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
const INFO = join(ROOT, 'dist', 'build-info.json');
const INPUTS = [
  'src',
  'simulator',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

function revision() {
  const fromEnv = process.env.OPENAI_EXPORTER_REVISION;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return 'unknown';
  }
}

function newestInput(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestInput(join(path, entry))));
}

function isCurrent(rev) {
  if (!existsSync(INFO)) return false;
  let built;
  try {
    built = JSON.parse(readFileSync(INFO, 'utf8'));
  } catch {
    return false;
  }
  const inputs = Math.max(...INPUTS.map((input) => newestInput(join(ROOT, input))));
  return built.revision === rev && statSync(INFO).mtimeMs >= inputs;
}

const rev = revision();
if (process.argv.includes('--if-stale') && isCurrent(rev)) process.exit(0);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
writeFileSync(INFO, `${JSON.stringify({ revision: rev }, null, 2)}\n`);
