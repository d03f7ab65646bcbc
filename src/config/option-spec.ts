import type { Decoder } from './scalar-decoders.js';

/**
 * One setting, declared once: parsing, `--help` and the docs tables are all generated from it.
 * The default is written as the text a user would type, and decoded like any other value, so the
 * documented default and the effective one cannot drift apart.
 */
export interface OptionSpec<T> {
  /** The flag without its leading dashes, e.g. `poll.interval`. */
  readonly flag: string;
  readonly env: string;
  readonly description: string;
  /** Shown after the flag in `--help`, e.g. `<duration>`. */
  readonly placeholder: string;
  readonly default?: string;
  /** How the default reads in docs when its text alone would not say enough. */
  readonly defaultLabel?: string;
  /** Dotted path in the YAML config file, when the file can set it. */
  readonly filePath?: string;
  /** Booleans may be given bare (`--demo`). */
  readonly isBoolean?: boolean;
  readonly decode: Decoder<T>;
}

export function option<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}
