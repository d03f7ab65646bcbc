// Every wait in the client goes through an injectable sleep so tests can record delays instead of waiting.

import { setTimeout } from 'node:timers/promises';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Rejects with the signal's reason when aborted, so a shutdown does not wait out a backoff. */
export async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  try {
    await setTimeout(ms, undefined, { signal });
  } catch (error) {
    // node:timers/promises rejects with its own AbortError; callers expect the signal's reason.
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

/**
 * Arms the per-attempt timeout: calls `onExpiry` after `ms` unless the returned function disarms
 * it first. Injectable so tests decide when an attempt times out instead of racing a wall clock.
 */
export type AttemptTimer = (ms: number, onExpiry: () => void) => () => void;

export const defaultAttemptTimer: AttemptTimer = (ms, onExpiry) => {
  const timer = globalThis.setTimeout(onExpiry, ms);
  return () => clearTimeout(timer);
};
