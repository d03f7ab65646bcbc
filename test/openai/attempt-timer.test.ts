import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultAttemptTimer, defaultSleep } from '../../src/openai/sleep.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the default attempt timer', () => {
  it('expires an attempt after the timeout', () => {
    vi.useFakeTimers();
    const expired = vi.fn();
    defaultAttemptTimer(100, expired);
    vi.advanceTimersByTime(99);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledOnce();
  });

  it('never expires an attempt that finished first', () => {
    vi.useFakeTimers();
    const expired = vi.fn();
    const disarm = defaultAttemptTimer(100, expired);
    disarm();
    vi.advanceTimersByTime(1000);
    expect(expired).not.toHaveBeenCalled();
  });
});

describe('the default sleep', () => {
  it('stops waiting at once on abort, rejecting with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const waiting = defaultSleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('refuses to start when already aborted', async () => {
    const reason = new Error('gone');
    await expect(defaultSleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('resolves after the delay', async () => {
    await expect(defaultSleep(1)).resolves.toBeUndefined();
  });
});
