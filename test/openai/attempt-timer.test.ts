import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultAttemptTimer } from '../../src/openai/sleep.js';

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
