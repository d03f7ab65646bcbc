// One HTTP attempt through ky, with ky's own retry and timeout switched off: the client owns retries
// (it must share pauses across categories) and the timeout here also covers reading the body, which
// is where a stalled upstream actually hangs.

import ky from 'ky';
import { MalformedPageError, UpstreamNetworkError, UpstreamTimeoutError } from './errors.js';
import type { AttemptTimer } from './sleep.js';
import type { UpstreamSubject } from './upstream-subject.js';

export interface AttemptRequest {
  readonly category: UpstreamSubject;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly timer: AttemptTimer;
  /** Bodies larger than this fail the attempt when `overflow` is 'fail', or are cut short when 'truncate'. */
  readonly maxBytes: number;
  readonly signal: AbortSignal | undefined;
  /** Called once the status line arrives, before the body is read. */
  readonly onStatus: (status: number) => void;
}

export interface AttemptResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** Error bodies only feed a message, so a huge one is cut rather than failing the attempt. */
const ERROR_BODY_BYTES = 64 * 1024;

/** Resolves with any HTTP status; rejects with UpstreamTimeoutError, UpstreamNetworkError or MalformedPageError. */
export async function sendAttempt(request: AttemptRequest): Promise<AttemptResponse> {
  const { category, signal } = request;
  // One controller per attempt, fed by both the timer and the caller; AbortSignal.any would keep
  // a dependent signal alive on a long-lived caller signal for every attempt ever made.
  const attempt = new AbortController();
  let timedOut = false;
  const disarm = request.timer(request.timeoutMs, () => {
    timedOut = true;
    attempt.abort();
  });
  const forwardAbort = (): void => attempt.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  if (signal?.aborted) forwardAbort();
  const failure = (error: unknown, whileReadingBody: boolean): unknown => {
    if (signal?.aborted) return signal.reason;
    if (timedOut) return new UpstreamTimeoutError(category, request.timeoutMs);
    if (error instanceof MalformedPageError) return error;
    return whileReadingBody
      ? new MalformedPageError(category, `truncated body (${networkDetail(error)})`)
      : new UpstreamNetworkError(category, networkDetail(error));
  };
  try {
    let response: Response;
    try {
      response = await ky.get(request.url, {
        headers: request.headers,
        signal: attempt.signal,
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        // Never carry the admin key to wherever a redirect points; a 3xx surfaces as an HTTP error.
        redirect: 'manual',
      });
    } catch (error) {
      throw failure(error, false);
    }
    request.onStatus(response.status);
    const ok = response.status >= 200 && response.status < 300;
    try {
      const body = ok
        ? await readBody(response, request.maxBytes, 'fail', category)
        : await readBody(response, Math.min(request.maxBytes, ERROR_BODY_BYTES), 'truncate', category);
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      throw failure(error, true);
    }
  } finally {
    disarm();
    signal?.removeEventListener('abort', forwardAbort);
  }
}

async function readBody(
  response: Response,
  maxBytes: number,
  overflow: 'fail' | 'truncate',
  category: UpstreamSubject,
): Promise<string> {
  const stream = response.body;
  if (stream === null) return '';
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (overflow === 'fail' && declared > maxBytes) {
    await stream.cancel().catch(() => undefined);
    throw oversized(category, maxBytes);
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      if (overflow === 'fail') throw oversized(category, maxBytes);
      chunks.push(value.subarray(0, value.byteLength - (total - maxBytes)));
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function oversized(category: UpstreamSubject, maxBytes: number): MalformedPageError {
  return new MalformedPageError(category, `response body exceeds ${maxBytes} bytes`);
}

/** The low-level cause (ECONNREFUSED, ECONNRESET, "bad port", …); undici never puts request headers in it. */
function networkDetail(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : 'unknown error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    if (current instanceof Error && current.message !== '') message = current.message;
    current = 'cause' in current ? current.cause : undefined;
  }
  return message.slice(0, 120);
}
