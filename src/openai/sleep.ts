// Every wait in the client goes through an injectable sleep so tests can record delays instead of waiting.

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Rejects with the signal's reason when aborted, so a shutdown does not wait out a backoff. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Arms the per-attempt timeout: calls `onExpiry` after `ms` unless the returned function disarms
 * it first. Injectable so tests decide when an attempt times out instead of racing a wall clock.
 */
export type AttemptTimer = (ms: number, onExpiry: () => void) => () => void;

export const defaultAttemptTimer: AttemptTimer = (ms, onExpiry) => {
  const timer = setTimeout(onExpiry, ms);
  return () => clearTimeout(timer);
};
