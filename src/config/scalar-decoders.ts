// Decoders turn one raw setting into a typed value or a ConfigError naming where it came from.
// A raw value is a string when it comes from a flag or the environment, and whatever YAML
// produced when it comes from the config file, so each decoder accepts both.

import { ConfigError, quote } from './config-error.js';
import { formatDuration, InvalidDurationError, parseDuration } from './duration.js';
import { describeKind } from './yaml-value.js';

export type Decoder<T> = (value: unknown, at: string) => T;

export const text: Decoder<string> = (value, at) => {
  if (typeof value !== 'string') throw new ConfigError(at, `expected a string, got ${describeKind(value)}`);
  if (value.trim() === '') throw new ConfigError(at, 'must not be empty');
  return value;
};

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function numeric(value: unknown, at: string, pattern: RegExp, kind: string): number {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && pattern.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isFinite(parsed) || (kind === 'an integer' && !Number.isSafeInteger(parsed))) {
    throw new ConfigError(at, `${quote(value)} is not ${kind}`);
  }
  return parsed;
}

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Decoder<number> {
  return (value, at) => {
    const parsed = numeric(value, at, INTEGER, 'an integer');
    if (parsed < min || parsed > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
      throw new ConfigError(at, `${quote(value)} is out of range; expected an integer ${range}`);
    }
    return parsed;
  };
}

/** A finite number above zero: rates and budgets, where zero would mean "never" or "always". */
export const positiveNumber: Decoder<number> = (value, at) => {
  const parsed = numeric(value, at, DECIMAL, 'a number');
  if (parsed <= 0) throw new ConfigError(at, `${quote(value)} must be greater than 0`);
  return parsed;
};

export const fraction: Decoder<number> = (value, at) => {
  const parsed = numeric(value, at, DECIMAL, 'a number');
  if (parsed < 0 || parsed > 1) throw new ConfigError(at, `${quote(value)} must be between 0 and 1`);
  return parsed;
};

export const boolean: Decoder<boolean> = (value, at) => {
  if (typeof value === 'boolean') return value;
  const normalised = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (normalised === 'true' || normalised === '1') return true;
  if (normalised === 'false' || normalised === '0') return false;
  throw new ConfigError(at, `${quote(value)} is not a boolean; expected true, false, 1 or 0`);
};

export function oneOf<const T extends string>(allowed: readonly T[]): Decoder<T> {
  return (value, at) => {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    throw new ConfigError(at, `${quote(value)} is not valid; expected one of ${allowed.join(', ')}`);
  };
}

export interface DurationLimits {
  readonly min?: number;
  readonly max?: number;
  /** Windows are read as whole buckets, so they must be whole minutes or hours. */
  readonly whole?: 'minutes' | 'hours';
}

const WHOLE_MS = { minutes: 60_000, hours: 3_600_000 } as const;

export function duration(limits: DurationLimits = {}): Decoder<number> {
  return (value, at) => {
    if (typeof value !== 'string') {
      throw new ConfigError(at, `${quote(value)} is not a duration; give it a unit, e.g. "30s" or "5m"`);
    }
    let ms: number;
    try {
      ms = parseDuration(value.trim());
    } catch (error) {
      if (error instanceof InvalidDurationError) throw new ConfigError(at, error.message);
      throw error;
    }
    if (limits.min !== undefined && ms < limits.min) {
      throw new ConfigError(at, `${quote(value)} is too short; the minimum is ${formatDuration(limits.min)}`);
    }
    if (limits.max !== undefined && ms > limits.max) {
      throw new ConfigError(at, `${quote(value)} is too long; the maximum is ${formatDuration(limits.max)}`);
    }
    if (limits.whole !== undefined && ms % WHOLE_MS[limits.whole] !== 0) {
      throw new ConfigError(at, `${quote(value)} must be a whole number of ${limits.whole}`);
    }
    return ms;
  };
}
