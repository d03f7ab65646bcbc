import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export type ReadFile = (path: string) => string | Buffer;

export const readFromDisk: ReadFile = (path) => readFileSync(path);

/** Like exporter-toolkit: relative paths are relative to the web config file, not the working directory. */
export function resolveAgainst(configFile: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(configFile), path);
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a parent is not a directory',
};

/** Why a read failed, from the error code only: a reader's message could in principle quote content. */
export function readFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return REASONS[code] ?? code;
  return 'unreadable';
}

export function readAsBuffer(readFile: ReadFile, path: string): Buffer {
  const content = readFile(path);
  return typeof content === 'string' ? Buffer.from(content) : content;
}
