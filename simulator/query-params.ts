// Raw query parsing. Array parameters arrive in three encodings that all mean the same:
// repeated keys (`k=a&k=b`, the spec), brackets (`k[]=a`, `k%5B%5D=a`, the SDKs) and
// comma-joined values (`k=a,b`, production clients).

import { invalidParam } from './errors.js';

export interface RawParam {
  /** Values as given, one per occurrence. */
  readonly values: string[];
  readonly bracketed: boolean;
}

export type RawParams = ReadonlyMap<string, RawParam>;

const BRACKETS = /^(.+)\[\d*\]$/;

export function parseQuery(search: URLSearchParams): RawParams {
  const params = new Map<string, RawParam>();
  for (const [rawKey, value] of search) {
    const match = BRACKETS.exec(rawKey);
    const key = match?.[1] ?? rawKey;
    const existing = params.get(key);
    if (existing === undefined) params.set(key, { values: [value], bracketed: match !== null });
    else existing.values.push(value);
  }
  return params;
}

/** An array parameter's elements, whatever the encoding; empty elements are ignored. */
export function arrayParam(params: RawParams, key: string): string[] | undefined {
  const param = params.get(key);
  if (param === undefined) return undefined;
  return param.values.flatMap((v) => v.split(',')).filter((v) => v !== '');
}

/** A scalar parameter: given at most once, without brackets. */
export function scalarParam(params: RawParams, key: string): string | undefined {
  const param = params.get(key);
  if (param === undefined) return undefined;
  if (param.bracketed || param.values.length !== 1) {
    throw invalidParam(key, `'${key}' must be given once, as a single value.`);
  }
  return param.values[0];
}

export function integerParam(params: RawParams, key: string): number | undefined {
  const text = scalarParam(params, key);
  if (text === undefined) return undefined;
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw invalidParam(
      key,
      `Invalid type for '${key}': expected an integer, but got '${text}' instead.`,
      'invalid_type',
    );
  }
  return value;
}

export function rejectUnknown(params: RawParams, allowed: readonly string[]): void {
  for (const key of params.keys()) {
    if (!allowed.includes(key)) {
      throw invalidParam(key, `Unrecognized request argument supplied: ${key}`, 'unknown_parameter');
    }
  }
}
