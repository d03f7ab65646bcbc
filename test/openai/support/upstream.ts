// A simulator on 127.0.0.1:0 behind a recording server, plus a client wired to a fake clock, so
// tests can assert on exactly what went over the wire and on every delay the client asked for.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../../simulator/index.js';
import type { CategoryId } from '../../../src/catalog/categories.js';
import {
  type AttemptTimer,
  type UpstreamObserver,
  UsageClient,
  type UsageClientOptions,
} from '../../../src/openai/index.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';

export const ADMIN_KEY = 'sk-admin-OpenaiClientTest0123456789abcdefXYZ';
/** Wednesday 2026-08-12 15:30:20 UTC, deliberately not minute-aligned. */
export const NOW_MS = Date.UTC(2026, 7, 12, 15, 30, 20);
export const DAY = 86_400;
export const HOUR = 3600;
export const TODAY = Math.floor(NOW_MS / 1000 / DAY) * DAY;

export interface RecordedRequest {
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
}

export interface Upstream {
  readonly sim: Simulator;
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Resolves once the server has received `count` requests in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startUpstream(options: SimulatorOptions = {}): Promise<Upstream> {
  const sim = createSimulator({ seed: 7, now: () => NOW_MS, ...options });
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    requests.push({ url: new URL(req.url ?? '/', 'http://upstream.invalid'), headers: req.headers });
    sim.requestListener(req, res);
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    sim,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    received: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ObservedEvent {
  readonly event: 'response' | 'retry' | 'rate-limited' | 'paused';
  readonly category: CategoryId;
  readonly detail: string | number | undefined;
  readonly delayMs?: number;
}

export interface TestClient {
  readonly client: UsageClient;
  readonly clock: FakeClock;
  readonly events: ObservedEvent[];
  /** Only the HTTP codes ('200', '429', 'timeout', …) reported through onResponse, in order. */
  responses(): (string | number | undefined)[];
}

export function makeClient(baseUrl: string, overrides: Partial<UsageClientOptions> = {}): TestClient {
  const clock = createFakeClock(NOW_MS);
  const events: ObservedEvent[] = [];
  const observer: UpstreamObserver = {
    onResponse: (category, code) => events.push({ event: 'response', category, detail: code }),
    onRetry: (category, reason, delayMs) =>
      events.push({ event: 'retry', category, detail: reason, delayMs }),
    onRateLimited: (category, ms) => events.push({ event: 'rate-limited', category, detail: ms }),
    onPause: (category, ms) => events.push({ event: 'paused', category, detail: ms }),
  };
  const client = new UsageClient({
    baseUrl,
    adminKey: ADMIN_KEY,
    observer,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...overrides,
  });
  return {
    client,
    clock,
    events,
    responses: () => events.filter((e) => e.event === 'response').map((e) => e.detail),
  };
}

/**
 * An attempt timer the test fires by hand: an attempt times out exactly when the test says so,
 * never because a loaded machine was slow to answer.
 */
export function manualTimer(): { timer: AttemptTimer; armed: number[]; expire(): void } {
  const pending: (() => void)[] = [];
  const armed: number[] = [];
  return {
    timer: (ms, onExpiry) => {
      armed.push(ms);
      pending.push(onExpiry);
      return () => {
        const index = pending.indexOf(onExpiry);
        if (index >= 0) pending.splice(index, 1);
      };
    },
    armed,
    expire: () => {
      for (const fire of pending.splice(0)) fire();
    },
  };
}

/** Sums each row's values per label tuple over all buckets, keyed by the JSON of the labels. */
export function totalsByLabels(
  buckets: readonly { readonly rows: readonly { labels: readonly string[]; values: readonly number[] }[] }[],
): Map<string, number[]> {
  const totals = new Map<string, number[]>();
  for (const bucket of buckets) {
    for (const row of bucket.rows) {
      const key = JSON.stringify(row.labels);
      const sum = totals.get(key);
      if (sum === undefined) totals.set(key, [...row.values]);
      else for (let i = 0; i < row.values.length; i++) sum[i] = (sum[i] ?? 0) + (row.values[i] ?? 0);
    }
  }
  return totals;
}

/** Resolves to the rejection of `promise`, failing the test if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}
