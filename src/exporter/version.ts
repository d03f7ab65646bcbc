import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Read at start-up rather than imported as JSON, so the built and the tsx-run layouts both work.
function readJson(candidates: readonly string[]): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const candidate of candidates) {
    try {
      found.push(JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')));
    } catch {
      // try the next layout
    }
  }
  return found;
}

function readVersion(): string {
  const ours = readJson(['../../package.json', '../../../package.json']).find(
    (parsed) => parsed.name === 'openai-usage-exporter' && typeof parsed.version === 'string',
  );
  return (ours?.version as string | undefined) ?? 'unknown';
}

/**
 * The commit the program was built from: OPENAI_EXPORTER_REVISION when set, else what
 * `npm run build` recorded in dist/build-info.json, else (running from a checkout) git's HEAD.
 */
function readRevision(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.OPENAI_EXPORTER_REVISION?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const recorded = readJson(['../../build-info.json'])[0]?.revision;
  if (typeof recorded === 'string' && recorded !== '') return recorded;
  try {
    const root = new URL('../../', import.meta.url).pathname;
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return /^[0-9a-f]{40}$/.test(head.trim()) ? head.trim() : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const VERSION = readVersion();
export const REVISION = readRevision(process.env);

export function versionLine(): string {
  return `openai-usage-exporter ${VERSION} (revision ${REVISION}, node ${process.version})`;
}
