// Validates the limits answers against the official schemas: strict about what a number hangs on
// (integer cents in USD per month, integer rate limits, the ids that become labels), tolerant of
// extra keys and of fields the schema marks optional. Throws PageShapeError; the client wraps it.

import type { RateLimit, SpendAlert, SpendLimit } from '../domain/limits.js';
import { describe, PageShapeError } from './result-reader.js';

type Scope = 'organization' | 'project';
type Item = Readonly<Record<string, unknown>>;

const OPTIONAL_RATE_FIELDS = [
  ['max_images_per_1_minute', 'maxImagesPerMinute'],
  ['max_audio_megabytes_per_1_minute', 'maxAudioMegabytesPerMinute'],
  ['max_requests_per_1_day', 'maxRequestsPerDay'],
  ['batch_1_day_max_input_tokens', 'batchInputTokensPerDay'],
] as const;

function isObject(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API says cents and integer; a fraction or a negative amount is not something to export. */
function count(item: Item, field: string, what: string): number {
  const value = item[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PageShapeError(`${what} ${field} is ${describe(value)}, expected a non-negative integer`);
  }
  return value;
}

function expectObject(item: Item, expected: string, what: string): void {
  // `object` is required by the schema but says nothing the path does not; only a wrong one is refused.
  if (item.object !== undefined && item.object !== expected) {
    throw new PageShapeError(`${what} object is ${describe(item.object)}, expected "${expected}"`);
  }
}

/** The metrics say USD per month: an amount in another currency or period would be a wrong number. */
function expectUsdPerMonth(item: Item, what: string): void {
  if (typeof item.currency !== 'string' || item.currency.toUpperCase() !== 'USD') {
    throw new PageShapeError(`${what} currency is ${describe(item.currency)}, expected "USD"`);
  }
  if (item.interval !== 'month') {
    throw new PageShapeError(`${what} interval is ${describe(item.interval)}, expected "month"`);
  }
}

/** Null for an empty answer (no body, `null` or `{}`), which means no limit is set. */
export function parseSpendLimit(scope: Scope, body: unknown): SpendLimit | null {
  if (body === null || (isObject(body) && Object.keys(body).length === 0)) return null;
  const what = `${scope} spend limit`;
  if (!isObject(body)) throw new PageShapeError(`${what} is ${describe(body)}, expected an object`);
  expectObject(body, `${scope}.spend_limit`, what);
  const thresholdCents = count(body, 'threshold_amount', what);
  expectUsdPerMonth(body, what);
  const enforcement = body.enforcement;
  const status = isObject(enforcement) ? enforcement.status : undefined;
  if (typeof status !== 'string' || status === '') {
    throw new PageShapeError(`${what} enforcement.status is ${describe(status)}, expected a string`);
  }
  return { thresholdCents, enforcementStatus: status };
}

/** One item of a spend alert listing (the listing itself is read by parseListPage). */
export function parseSpendAlert(scope: Scope, item: Item, index: number): SpendAlert {
  const what = `spend alert ${index}`;
  expectObject(item, `${scope}.spend_alert`, what);
  const thresholdCents = count(item, 'threshold_amount', what);
  expectUsdPerMonth(item, what);
  return { id: String(item.id), thresholdCents };
}

/** One item of a rate limit listing; an optional field that is absent or null stays absent. */
export function parseRateLimit(item: Item, index: number): RateLimit {
  const what = `rate limit ${index}`;
  expectObject(item, 'project.rate_limit', what);
  if (typeof item.model !== 'string' || item.model === '') {
    throw new PageShapeError(`${what} model is ${describe(item.model)}, expected a non-empty string`);
  }
  const limit: { -readonly [K in keyof RateLimit]: RateLimit[K] } = {
    id: String(item.id),
    model: item.model,
    maxRequestsPerMinute: count(item, 'max_requests_per_1_minute', what),
    maxTokensPerMinute: count(item, 'max_tokens_per_1_minute', what),
  };
  for (const [field, key] of OPTIONAL_RATE_FIELDS) {
    if (item[field] !== undefined && item[field] !== null) limit[key] = count(item, field, what);
  }
  return limit;
}
