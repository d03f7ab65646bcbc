import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export type ReadFile = (path: string) => string | Buffer;

export const readFromDisk: ReadFile = (path) => readFileSync(path);

/** Like exporter-toolkit: relative paths are relative to the web config file, not the working directory. */
export function resolveAgainst(configFile: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(configFile), path);
}

export { readFailure } from '../../config/yaml-value.js';

export function readAsBuffer(readFile: ReadFile, path: string): Buffer {
  const content = readFile(path);
  return typeof content === 'string' ? Buffer.from(content) : content;
}
