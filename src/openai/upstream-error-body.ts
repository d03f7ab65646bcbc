// The OpenAI error envelope `{"error": {"message", "type", "param", "code"}}`, read defensively:
// a proxy or load balancer in between may answer with HTML or nothing at all.

import { UpstreamHttpError, UpstreamRateLimitedError } from './errors.js';
import { redactSecrets } from './redact.js';
import type { UpstreamSubject } from './upstream-subject.js';

/** An UpstreamHttpError carrying the upstream's message and code, with every secret redacted. */
export function httpErrorFromBody(
  category: UpstreamSubject,
  status: number,
  body: string,
  secrets: readonly string[],
): UpstreamHttpError {
  const { detail, code } = safeDetail(body, secrets);
  return new UpstreamHttpError(category, status, detail, code);
}

/** The 429 that paused every request for `pauseMs`, with the upstream's message and code. */
export function rateLimitedFromBody(
  category: UpstreamSubject,
  body: string,
  secrets: readonly string[],
  pauseMs: number,
): UpstreamRateLimitedError {
  const { detail, code } = safeDetail(body, secrets);
  return new UpstreamRateLimitedError(category, detail, code, pauseMs);
}

function safeDetail(body: string, secrets: readonly string[]): { detail: string; code: string | undefined } {
  const { message, code } = errorDetail(body);
  return {
    detail: message === undefined ? 'no error message' : redactSecrets(message, secrets),
    code: code === undefined ? undefined : redactSecrets(code, secrets),
  };
}

function errorDetail(body: string): { message?: string; code?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) return {};
  const error = parsed.error;
  if (typeof error !== 'object' || error === null) return {};
  const out: { message?: string; code?: string } = {};
  if ('message' in error && typeof error.message === 'string') out.message = error.message;
  if ('code' in error && typeof error.code === 'string') out.code = error.code;
  return out;
}
