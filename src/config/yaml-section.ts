// Typed, path-aware reads from one mapping of a YAML file: the one reader behind the main config
// file and the web config file. Every key must be accounted for, so a typo is an error naming its
// path rather than a silently ignored (and possibly security-relevant) setting. Wrong values are
// described by their kind, never quoted: a secret may have been pasted into the wrong place.

import { ConfigError } from './config-error.js';
import { didYouMean } from './suggest.js';
import { describeKind, isMapping } from './yaml-value.js';

/** Makes the error for a problem at `path` in `file`; the web config makes its own subclass. */
export type SectionError = (file: string, path: string, problem: string) => ConfigError;

const configError: SectionError = (file, path, problem) => new ConfigError(path, problem, file);

export class YamlSection {
  private constructor(
    readonly file: string,
    readonly path: string,
    private readonly fields: Record<string, unknown>,
    private readonly error: SectionError,
  ) {}

  /** The mapping at `path`; `undefined` when it is absent or empty (`section:` with nothing under it). */
  static at(file: string, path: string, value: unknown, error = configError): YamlSection | undefined {
    if (value === null || value === undefined) return undefined;
    return YamlSection.of(file, path, value, error);
  }

  /** The mapping at `path`, which must be there: even an empty `section:` is refused. */
  static of(file: string, path: string, value: unknown, error = configError): YamlSection {
    if (!isMapping(value)) throw error(file, path === '' ? '(top level)' : path, 'expected a mapping');
    return new YamlSection(file, path, value, error);
  }

  pathOf(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /** The error for `key`, or for this section as a whole when `key` is undefined. */
  fail(key: string | undefined, problem: string): ConfigError {
    if (key !== undefined) return this.error(this.file, this.pathOf(key), problem);
    return this.error(this.file, this.path === '' ? '(top level)' : this.path, problem);
  }

  /** The error for item `index` of the list under `key`. */
  failItem(key: string, index: number, problem: string): ConfigError {
    return this.error(this.file, `${this.pathOf(key)}[${index}]`, problem);
  }

  /** `expected` words the choice when a list of keys would read badly. */
  unknownKey(key: string, known: readonly string[], expected = `one of ${known.join(', ')}`): ConfigError {
    return this.fail(key, `unknown key${didYouMean(key, known)}; expected ${expected}`);
  }

  keys(): string[] {
    return Object.keys(this.fields);
  }

  /** Each key with its value exactly as YAML gave it (`null` included). */
  entries(): [string, unknown][] {
    return Object.entries(this.fields);
  }

  isEmpty(): boolean {
    return this.keys().length === 0;
  }

  expectOnly(known: readonly string[], expected?: string): void {
    for (const key of this.keys()) {
      if (!known.includes(key)) throw this.unknownKey(key, known, expected);
    }
  }

  /** Raw value; `null` (a key with nothing after it) reads as absent. */
  raw(key: string): unknown {
    const value = this.fields[key];
    return value === null ? undefined : value;
  }

  /** A string; empty counts as absent, as exporter-toolkit treats `cert_file: ""`. */
  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw this.fail(key, `expected a string, got ${describeKind(value)}`);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean')
      throw this.fail(key, `expected true or false, got ${describeKind(value)}`);
    return value;
  }

  /** What the name under `key` stands for in `names`; undefined when the key is absent. */
  choice<T>(key: string, names: ReadonlyMap<string, T>, what: string): T | undefined {
    const name = this.string(key);
    if (name === undefined) return undefined;
    const value = names.get(name);
    if (value !== undefined) return value;
    const known = [...names.keys()];
    throw this.fail(key, `unknown ${what}${didYouMean(name, known)}; expected one of ${known.join(', ')}`);
  }

  stringList(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.fail(key, `expected a list of strings, got ${describeKind(value)}`);
    return value.map((item: unknown, index) => {
      if (typeof item !== 'string' || item === '')
        throw this.failItem(key, index, `expected a non-empty string, got ${describeKind(item)}`);
      return item;
    });
  }

  section(key: string): YamlSection | undefined {
    return YamlSection.at(this.file, this.pathOf(key), this.raw(key), this.error);
  }

  /** The mapping under `key`, which must be there. */
  requiredSection(key: string): YamlSection {
    return YamlSection.of(this.file, this.pathOf(key), this.fields[key], this.error);
  }
}
