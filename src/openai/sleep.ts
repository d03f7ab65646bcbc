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
