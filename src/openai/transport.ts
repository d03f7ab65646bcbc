// One HTTP attempt, plugged into ky as its `fetch`: ky's timeout stops at the status line, but a
// stalled upstream hangs while sending the body, so the timeout here covers the body read too, and
// caps its size. ky retries what this rejects with.

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
  /** Reads a 2xx body as it arrives instead of as one string (the answer's `body` is then empty). */
  readonly consume?: BodyConsumer | undefined;
}

/**
 * Reads one attempt's body, as text in the pieces it arrives in. What it throws fails the attempt
 * as is; a failure to read the body fails it as a truncated body, a timeout or an abort.
 */
export type BodyConsumer = (text: AsyncIterable<string>) => Promise<void>;

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
  const expire = (): void => {
    timedOut = true;
    attempt.abort();
  };
  // The timeout is the upstream's budget: while a consumer works on a piece of the body (the
  // ledger taking its rows), the clock stops, so a large page is not cut short by our own work.
  let remainingMs = request.timeoutMs;
  let armedAt = performance.now();
  let disarm = request.timer(remainingMs, expire);
  const budget: TimeoutBudget = {
    pause() {
      disarm();
      remainingMs -= performance.now() - armedAt;
    },
    resume() {
      armedAt = performance.now();
      disarm = request.timer(Math.max(0, remainingMs), expire);
    },
  };
  const forwardAbort = (): void => attempt.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  if (signal?.aborted) forwardAbort();
  const failure = (error: unknown, whileReadingBody: boolean): unknown => {
    if (signal?.aborted) return signal.reason;
    if (timedOut) return new UpstreamTimeoutError(category, request.timeoutMs);
    if (error instanceof MalformedPageError) return error;
    return whileReadingBody
      ? new MalformedPageError(category, `truncated body (${networkDetail(error, request.url)})`)
      : new UpstreamNetworkError(category, networkDetail(error, request.url));
  };
  try {
    let response: Response;
    try {
      response = await fetch(request.url, {
        headers: request.headers,
        signal: attempt.signal,
        // Never carry the admin key to wherever a redirect points; a 3xx surfaces as an HTTP error.
        redirect: 'manual',
      });
    } catch (error) {
      throw failure(error, false);
    }
    request.onStatus(response.status);
    const ok = response.status >= 200 && response.status < 300;
    if (ok && request.consume !== undefined) {
      try {
        await request.consume(bodyText(response, request.maxBytes, category, budget));
      } catch (error) {
        if (error instanceof BodyReadFailure) throw failure(error.cause, true);
        throw error;
      }
      return { status: response.status, headers: response.headers, body: '' };
    }
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

/** A read of the body failed, as opposed to what the consumer made of it. */
class BodyReadFailure {
  constructor(readonly cause: unknown) {}
}

/** The attempt's timeout, stopped while the consumer works on a piece of the body. */
interface TimeoutBudget {
  pause(): void;
  resume(): void;
}

async function* bodyText(
  response: Response,
  maxBytes: number,
  category: UpstreamSubject,
  budget: TimeoutBudget,
): AsyncGenerator<string> {
  const stream = response.body;
  if (stream === null) return;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await stream.cancel().catch(() => undefined);
    throw new BodyReadFailure(oversized(category, maxBytes));
  }
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let done = false;
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        throw new BodyReadFailure(error);
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) throw new BodyReadFailure(oversized(category, maxBytes));
      const text = decoder.decode(next.value, { stream: true });
      if (text === '') continue;
      budget.pause();
      yield text;
      budget.resume();
    }
    done = true;
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } finally {
    // The consumer stopped early (it refused the answer) or the body was too large.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

function oversized(category: UpstreamSubject, maxBytes: number): MalformedPageError {
  return new MalformedPageError(category, `response body exceeds ${maxBytes} bytes`);
}

/** `host:port` of a URL, with the scheme's default port spelled out. */
function endpoint(url: string): { host: string; port: string } {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: parsed.port || (parsed.protocol === 'https:' ? '443' : '80') };
  } catch {
    return { host: '?', port: '?' };
  }
}

/**
 * The low-level cause (ECONNREFUSED, ECONNRESET, "bad port", …) with where it happened, so the
 * operator can tell a wrong --openai.base-url from an outage. undici never puts request headers in it.
 */
function networkDetail(error: unknown, url: string): string {
  const { host, port } = endpoint(url);
  let current: unknown = error;
  let message = error instanceof Error ? error.message : 'unknown error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ('code' in current && typeof current.code === 'string') {
      const { code } = current;
      if (code === 'ECONNREFUSED') return `${code} (connection refused by ${host}:${port})`;
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${code} (cannot resolve ${host})`;
      return `${code} (talking to ${host}:${port})`;
    }
    if (current instanceof Error && current.message !== '') message = current.message;
    current = 'cause' in current ? current.cause : undefined;
  }
  if (message === 'bad port') {
    return `bad port: port ${port} is on fetch's list of blocked ports (https://fetch.spec.whatwg.org/#port-blocking), so no request was sent; choose another port`;
  }
  return message.slice(0, 120);
}
