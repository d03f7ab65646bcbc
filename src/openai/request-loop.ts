// One upstream GET as every client sends it: through the shared politeness gate, with retries
// and backoff, and with every failure mapped onto a typed error. The usage client and the admin
// directory client both go through here, so they back off together.
//
// ky runs the attempts: its retry loop, limit and hooks. What stays ours, and why:
// - the attempt itself (transport.ts, ky's `fetch`): its timeout covers the body read and caps its size;
// - the decision to retry, in `afterResponse`: ky's `afterStatusCodes`/`maxRetryAfter` parse
//   Retry-After against the wall clock, ignore `retry-after-ms`, and cap a long Retry-After where
//   the exporter must instead pause every category and give the poll up (UpstreamRateLimitedError);
// - the wait, in `beforeRetry`: ky waits on a real timer, the exporter on the injectable sleep
//   (tests record backoffs instead of waiting them out), so ky's own delay is zero;
// - the shared gate, in `beforeRequest`, so ky's retries queue behind a 429's pause like any request.

import ky from 'ky';
import type { ClientSettings } from './client-options.js';
import { MalformedPageError } from './errors.js';
import { containsSecret } from './redact.js';
import {
  backoffDelay,
  MAX_RATE_LIMIT_PAUSE_MS,
  parseRetryAfter,
  type RetryReason,
  retryReasonForStatus,
} from './retry-policy.js';
import { type AttemptResponse, type BodyConsumer, sendAttempt } from './transport.js';
import { httpErrorFromBody, rateLimitedFromBody } from './upstream-error-body.js';
import { classifyFailure } from './upstream-observer.js';
import type { UpstreamSubject } from './upstream-subject.js';

interface PendingRetry {
  readonly error: unknown;
  readonly reason: RetryReason;
  readonly delayMs: number;
}

/**
 * Resolves with the body of a 2xx answer; rejects with an UpstreamError or the signal's reason.
 * With `consume`, each attempt's 2xx body is read by it as it arrives (and the body resolved is
 * empty); what it throws ends the request unretried, unless it is an attempt failure (a timeout,
 * a network error), which is retried: `consume` then reads the new attempt's body from its start.
 */
export async function getWithRetries<S extends UpstreamSubject>(
  settings: ClientSettings<S>,
  subject: S,
  url: string,
  signal?: AbortSignal,
  consume?: BodyConsumer,
): Promise<string> {
  const { observer, gate, backoff, maxRetries } = settings;
  await settings.admit?.(subject, signal);
  let attempt = 0;
  let answer: AttemptResponse | undefined;
  /** Set when the failing attempt may be retried; ky retries exactly that error. */
  let pending: PendingRetry | undefined;
  const retryLater = (error: unknown, reason: RetryReason, delayMs: number): unknown => {
    if (attempt < maxRetries) pending = { error, reason, delayMs };
    return error;
  };

  const fetchOnce = async (): Promise<Response> => {
    try {
      answer = await sendAttempt({
        category: subject,
        url,
        headers: { ...settings.headers, authorization: `Bearer ${settings.adminKey()}` },
        timeoutMs: settings.timeoutMs,
        timer: settings.attemptTimer,
        maxBytes: settings.maxResponseBytes,
        signal,
        onStatus: (status) => observer.onResponse?.(subject, String(status)),
        consume,
      });
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure === undefined) throw error;
      observer.onResponse?.(subject, failure);
      // Drawn only when a retry follows, as the injected `random` sequence in tests expects.
      if (attempt < maxRetries) throw retryLater(error, failure, backoffDelay(attempt, backoff));
      throw error;
    }
    // The body stays in `answer`; ky only needs the status to run its hooks.
    return new Response(null, { status: answer.status, headers: answer.headers });
  };

  const judge = (response: AttemptResponse): void => {
    const { status } = response;
    if (status >= 200 && status < 300) {
      // What an answer says ends up in labels, the state file and logs: one that carries the key
      // (an echoing proxy, a broken upstream) is refused before anything reads it.
      if (containsSecret(response.body, settings.usedKeys)) {
        throw new MalformedPageError(subject, 'the answer contains the admin key; refused');
      }
      return;
    }
    const reason = retryReasonForStatus(status);
    if (reason === undefined) throw httpErrorFromBody(subject, status, response.body, settings.usedKeys);
    const requested = parseRetryAfter(response.headers, settings.now());
    const delay =
      requested === undefined ? backoffDelay(attempt, backoff) : Math.min(requested, backoff.maxMs);
    if (status === 429) {
      observer.onRateLimited?.(subject, requested);
      if (requested !== undefined && requested > backoff.maxMs) {
        // Obeyed in full (up to a ceiling) by everyone, and this request is given up rather than
        // retried: the next scheduled polls wait out the pause at the gate.
        const pauseMs = Math.min(requested, MAX_RATE_LIMIT_PAUSE_MS);
        gate.pauseFor(pauseMs);
        observer.onPause?.(subject, pauseMs);
        throw rateLimitedFromBody(subject, response.body, settings.usedKeys, pauseMs);
      }
      // Everyone backs off, not just this subject: the limit is per organization.
      gate.pauseFor(delay);
    }
    throw retryLater(httpErrorFromBody(subject, status, response.body, settings.usedKeys), reason, delay);
  };

  await ky.get(url, {
    fetch: fetchOnce,
    timeout: false,
    throwHttpErrors: false,
    retry: {
      limit: maxRetries,
      methods: ['get'],
      statusCodes: [],
      afterStatusCodes: [],
      delay: () => 0,
      shouldRetry: ({ error }) => pending !== undefined && pending.error === error,
    },
    hooks: {
      beforeRequest: [
        async (_request, _options, state) => {
          attempt = state.retryCount;
          pending = undefined;
          answer = undefined;
          await gate.acquire(signal);
        },
      ],
      afterResponse: [
        () => {
          if (answer !== undefined) judge(answer);
        },
      ],
      beforeRetry: [
        async () => {
          if (pending === undefined) return;
          observer.onRetry?.(subject, pending.reason, pending.delayMs);
          await settings.sleep(pending.delayMs, signal);
        },
      ],
    },
  });
  if (answer === undefined) throw new MalformedPageError(subject, 'no answer');
  return answer.body;
}
