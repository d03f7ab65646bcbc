// Precedence, in one place: flag > environment > config file > default.

import type { FileSettings } from './config-file.js';
import type { OptionSpec } from './option-spec.js';

export type SourceKind = 'flag' | 'env' | 'file' | 'default';

export interface Resolved<T> {
  readonly value: T;
  /** Where the value came from, in the terms an error message should use. */
  readonly at: string;
  readonly source: SourceKind;
  /** The config file, when the value came from one. */
  readonly file?: string;
}

export class OptionSources {
  constructor(
    private readonly flags: ReadonlyMap<OptionSpec<unknown>, string>,
    private readonly env: NodeJS.ProcessEnv,
    private readonly file?: FileSettings,
  ) {}

  /** `undefined` only for an option that is unset and has no default. */
  resolve<T>(spec: OptionSpec<T>): Resolved<T> | undefined {
    const flag = this.flags.get(spec);
    if (flag !== undefined) return this.decoded(spec, flag, `--${spec.flag}`, 'flag');
    const env = this.env[spec.env];
    if (env !== undefined) return this.decoded(spec, env, spec.env, 'env');
    const fromFile = this.file?.values.get(spec);
    // The file reader decoded this value with the same spec, so the cast only restores the type.
    if (fromFile !== undefined && this.file !== undefined) {
      return { value: fromFile.value as T, at: fromFile.at, source: 'file', file: this.file.file };
    }
    if (spec.default !== undefined) return this.decoded(spec, spec.default, `--${spec.flag}`, 'default');
    return undefined;
  }

  /** For options with a default, which always resolve. */
  require<T>(spec: OptionSpec<T>): Resolved<T> {
    const resolved = this.resolve(spec);
    if (resolved === undefined) throw new Error(`option --${spec.flag} has no default`);
    return resolved;
  }

  value<T>(spec: OptionSpec<T>): T {
    return this.require(spec).value;
  }

  private decoded<T>(spec: OptionSpec<T>, text: string, at: string, source: SourceKind): Resolved<T> {
    return { value: spec.decode(text, at), at, source };
  }
}
