// The repository as the deployment files see it: paths relative to its root, YAML parsed strictly.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

export const ROOT = new URL('../../', import.meta.url).pathname;

export const repoPath = (relative: string): string => join(ROOT, relative);

export const readRepoFile = (relative: string): string => readFileSync(repoPath(relative), 'utf8');

export function isRepoFile(relative: string): boolean {
  return existsSync(repoPath(relative)) && statSync(repoPath(relative)).isFile();
}

export function isRepoDirectory(relative: string): boolean {
  return existsSync(repoPath(relative)) && statSync(repoPath(relative)).isDirectory();
}

/** One YAML document; duplicate keys and other errors throw instead of being resolved silently. */
export function readYaml(relative: string): unknown {
  return parseYaml(readRepoFile(relative), { uniqueKeys: true, prettyErrors: true });
}

export function readYamlDocuments(relative: string): unknown[] {
  return parseAllDocuments(readRepoFile(relative), { uniqueKeys: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks `path` through nested objects and arrays; throws with the path when something is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const [i, key] of path.entries()) {
    const next =
      typeof key === 'number'
        ? Array.isArray(current)
          ? current[key]
          : undefined
        : isObject(current)
          ? current[key]
          : undefined;
    if (next === undefined) throw new Error(`missing ${path.slice(0, i + 1).join('.')}`);
    current = next;
  }
  return current;
}

export function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list`);
  return value;
}
