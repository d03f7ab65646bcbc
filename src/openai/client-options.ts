// The client's options and their defaults, checked once at construction so a bad setting fails at
// startup rather than on the first poll.

import type { CategoryId } from '../catalog/categories.js';
import type { Bucket } from '../domain/bucket.js';
import { RequestGate } from './request-gate.js';
import type { BackoffSettings } from './retry-policy.js';
import { type AttemptTimer, defaultAttemptTimer, defaultSleep, type Sleep } from './sleep.js';
import type { UpstreamObserver } from './upstream-observer.js';

export interface ClientOptions<S extends string> {
  /** e.g. https://api.openai.com/v1 (trailing slash tolerated). */
  baseUrl: string;
  /**
   * The key, or a getter asked before every attempt: a rotated key takes effect on the next request
   * without building a new client.
   */
  adminKey: string | (() => string);
  /**
   * Where every key sent is remembered before it is sent. Clients of one process share it with the
   * log scrubber's secrets, so a rotated key is scrubbed from logs before its first use and every
   * client refuses an answer echoing any of them. Default: a list of this client's own.
   */
  usedKeys?: string[];
  /**
   * Awaited before each request (not each retry): where a rotated key is verified before it is
   * used, and where an entry refused for it fails every request. Default: nothing.
   */
  admit?: Admit;
  /** Per request, body included. Default 30 000. */
  timeoutMs?: number;
  /** Default 4. */
  maxRetries?: number;
  /** Default 500; exponential backoff with full jitter. */
  retryBaseMs?: number;
  /** Default 30 000; also the cap for Retry-After. */
  retryMaxMs?: number;
  /** Default 100; guards against endless pagination. */
  maxPages?: number;
  /** Default 64 MiB; larger bodies fail the request. */
  maxResponseBytes?: number;
  /** Shared across categories; default: a gate with no ceiling. */
  gate?: RequestGate;
  observer?: UpstreamObserver<S>;
  sleep?: Sleep;
  /** Arms each attempt's timeout; default a real timer. */
  attemptTimer?: AttemptTimer;
  random?: () => number;
  /** Clock for HTTP-date Retry-After values and the default gate. Default Date.now. */
  now?: () => number;
  userAgent?: string;
}

/** Rejects (with an UpstreamError for `subject`) when no request may be sent now. */
export type Admit = (subject: string, signal: AbortSignal | undefined) => Promise<void>;

export type UsageClientOptions = ClientOptions<CategoryId>;

export interface FetchResult {
  readonly buckets: readonly Bucket[];
  readonly pages: number;
}

export interface ClientSettings<S extends string> {
  readonly baseUrl: string;
  /** The key to send now; each one returned joins `usedKeys` before it is sent. */
  readonly adminKey: () => string;
  /** Every key this client ever sent: answers echoing any of them are refused, errors redact them all. */
  readonly usedKeys: readonly string[];
  readonly admit: Admit | undefined;
  /** Every header but authorization, which follows the current key. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxPages: number;
  readonly maxResponseBytes: number;
  readonly backoff: BackoffSettings;
  readonly gate: RequestGate;
  readonly observer: UpstreamObserver<S>;
  readonly sleep: Sleep;
  readonly attemptTimer: AttemptTimer;
  readonly now: () => number;
}

const DEFAULT_USER_AGENT = 'openai-usage-exporter';

/** Applies defaults; throws RangeError for values that cannot work. */
export function resolveClientSettings<S extends string>(options: ClientOptions<S>): ClientSettings<S> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const { adminKey } = options;
  if (typeof adminKey === 'string') nonEmptyKey(adminKey);
  const usedKeys = options.usedKeys ?? [];
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    adminKey: () => {
      const key = nonEmptyKey(typeof adminKey === 'string' ? adminKey : adminKey());
      if (!usedKeys.includes(key)) usedKeys.push(key);
      return key;
    },
    usedKeys,
    admit: options.admit,
    headers: {
      accept: 'application/json',
      'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    },
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? 30_000),
    maxRetries: nonNegativeInteger('maxRetries', options.maxRetries ?? 4),
    maxPages: positive('maxPages', options.maxPages ?? 100),
    maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes ?? 64 * 1024 * 1024),
    backoff: {
      baseMs: positive('retryBaseMs', options.retryBaseMs ?? 500),
      maxMs: positive('retryMaxMs', options.retryMaxMs ?? 30_000),
      random: options.random ?? Math.random,
    },
    gate: options.gate ?? new RequestGate({ requestsPerSecond: 0, now, sleep }),
    observer: options.observer ?? {},
    sleep,
    attemptTimer: options.attemptTimer ?? defaultAttemptTimer,
    now,
  };
}

function nonEmptyKey(key: string): string {
  if (key.length === 0) throw new RangeError('adminKey must not be empty');
  return key;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be an integer >= 0`);
  return value;
}
