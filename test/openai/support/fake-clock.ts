// A clock that only moves when something sleeps on it, so waits are recorded instead of waited out.

export interface FakeClock {
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every sleep requested so far, in milliseconds, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function createFakeClock(startMs = 1_785_542_400_000): FakeClock {
  let current = startMs;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      current += ms;
    },
    sleeps,
    advance(ms) {
      current += ms;
    },
  };
}
