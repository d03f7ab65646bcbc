// Typed, path-aware reads from one mapping of the web config. Every key is accounted for, so a typo
// is an error naming its path rather than a silently ignored (and possibly security-relevant) setting.

import { didYouMean } from '../../config/suggest.js';
import { describeKind, isMapping } from '../../config/yaml-value.js';
import { WebConfigError } from './web-config-error.js';

export class YamlSection {
  private constructor(
    readonly file: string,
    readonly path: string,
    private readonly fields: Record<string, unknown>,
  ) {}

  /** The mapping at `path`; `undefined` when it is absent or empty (`section:` with nothing under it). */
  static at(file: string, path: string, value: unknown): YamlSection | undefined {
    if (value === null || value === undefined) return undefined;
    if (!isMapping(value))
      throw new WebConfigError(file, path === '' ? '(top level)' : path, 'expected a mapping');
    return new YamlSection(file, path, value);
  }

  pathOf(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  fail(key: string | undefined, problem: string): WebConfigError {
    return new WebConfigError(this.file, key === undefined ? this.path : this.pathOf(key), problem);
  }

  keys(): string[] {
    return Object.keys(this.fields);
  }

  isEmpty(): boolean {
    return this.keys().length === 0;
  }

  expectOnly(known: readonly string[]): void {
    for (const key of this.keys()) {
      if (!known.includes(key)) {
        throw this.fail(key, `unknown key${didYouMean(key, known)}; expected one of ${known.join(', ')}`);
      }
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

  stringList(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.fail(key, `expected a list of strings, got ${describeKind(value)}`);
    return value.map((item: unknown, index) => {
      if (typeof item !== 'string' || item === '') {
        throw new WebConfigError(this.file, `${this.pathOf(key)}[${index}]`, 'expected a non-empty string');
      }
      return item;
    });
  }

  section(key: string): YamlSection | undefined {
    return YamlSection.at(this.file, this.pathOf(key), this.raw(key));
  }
}
