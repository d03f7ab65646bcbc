// Helpers shared by the configuration specs: an in-memory file system and error capture.

import { expect } from 'vitest';
import { ConfigError, type LoadedConfig, loadConfig } from '../../src/config/index.js';

export interface LoadInput {
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Files by path; reading any other path fails like a missing file. */
  readonly files?: Readonly<Record<string, string>>;
}

export function fakeReadFile(files: Readonly<Record<string, string>>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

export function load(input: LoadInput = {}): LoadedConfig {
  return loadConfig(input.argv ?? [], input.env ?? {}, fakeReadFile(input.files ?? {}));
}

/** Loads from a YAML config file given as text, passed with --config.file. */
export function loadYaml(yaml: string, input: LoadInput = {}): LoadedConfig {
  return load({
    ...input,
    argv: ['--config.file=/etc/exporter.yaml', ...(input.argv ?? [])],
    files: { '/etc/exporter.yaml': yaml, ...input.files },
  });
}

export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}
