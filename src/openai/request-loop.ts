// One upstream GET as every client sends it: through the shared politeness gate, with retries
// and backoff, and with every failure mapped onto a typed error. The usage client and the admin
// directory client both go through here, so they back off together.

import type { ClientSettings } from './client-options.js';
import { MalformedPageError } from './errors.js';
import { containsSecret } from './redact.js';
import { backoffDelay, parseRetryAfter, type RetryReason, retryReasonForStatus } from './retry-policy.js';
import { type AttemptResponse, sendAttempt } from './transport.js';
import { httpErrorFromBody } from './upstream-error-body.js';
import { classifyFailure } from './upstream-observer.js';
import type { UpstreamSubject } from './upstream-subject.js';

/** Resolves with the body of a 2xx answer; rejects with an UpstreamError or the signal's reason. */
export async function getWithRetries<S extends UpstreamSubject>(
  settings: ClientSettings<S>,
  subject: S,
  url: string,
  signal?: AbortSignal,
): Promise<string> {
  const onStatus = (status: number): void => settings.observer.onResponse?.(subject, String(status));
  for (let attempt = 0; ; attempt++) {
    await settings.gate.acquire(signal);
    let response: AttemptResponse;
    try {
      response = await sendAttempt({
        category: subject,
        url,
        headers: settings.headers,
        timeoutMs: settings.timeoutMs,
        timer: settings.attemptTimer,
        maxBytes: settings.maxResponseBytes,
        signal,
        onStatus,
      });
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure === undefined) throw error;
      settings.observer.onResponse?.(subject, failure);
      if (attempt >= settings.maxRetries) throw error;
      await wait(settings, subject, failure, backoffDelay(attempt, settings.backoff), signal);
      continue;
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      // What an answer says ends up in labels, the state file and logs: one that carries the key
      // (an echoing proxy, a broken upstream) is refused before anything reads it.
      if (containsSecret(response.body, settings.adminKey)) {
        throw new MalformedPageError(subject, 'the answer contains the admin key; refused');
      }
      return response.body;
    }
    const reason = retryReasonForStatus(status);
    if (reason === undefined) throw httpErrorFromBody(subject, status, response.body, settings.adminKey);
    const requested = parseRetryAfter(response.headers, settings.now());
    const delay =
      requested === undefined
        ? backoffDelay(attempt, settings.backoff)
        : Math.min(requested, settings.backoff.maxMs);
    if (status === 429) {
      settings.observer.onRateLimited?.(subject, requested);
      // Everyone backs off, not just this subject: the limit is per organization.
      settings.gate.pauseFor(delay);
    }
    if (attempt >= settings.maxRetries) {
      throw httpErrorFromBody(subject, status, response.body, settings.adminKey);
    }
    await wait(settings, subject, reason, delay, signal);
  }
}

async function wait<S extends UpstreamSubject>(
  settings: ClientSettings<S>,
  subject: S,
  reason: RetryReason,
  delayMs: number,
  signal?: AbortSignal,
): Promise<void> {
  settings.observer.onRetry?.(subject, reason, delayMs);
  await settings.sleep(delayMs, signal);
}
