import { describe, expect, it } from 'vitest';
import { RequestGate } from '../../src/openai/index.js';
import { createFakeClock } from './support/fake-clock.js';

describe('the request gate', () => {
  it('lets every request through at once when the ceiling is 0 (unlimited)', async () => {
    const clock = createFakeClock();
    const gate = new RequestGate({ requestsPerSecond: 0, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 50; i++) await gate.acquire();
    expect(clock.sleeps).toEqual([]);
  });

  it('spaces requests evenly below one request per second', async () => {
    const clock = createFakeClock();
    const gate = new RequestGate({ requestsPerSecond: 0.5, now: clock.now, sleep: clock.sleep });
    await gate.acquire();
    await gate.acquire();
    await gate.acquire();
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  it("allows a burst of one second's worth of requests, then holds to the ceiling", async () => {
    const clock = createFakeClock();
    const gate = new RequestGate({ requestsPerSecond: 4, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 6; i++) await gate.acquire();
    expect(clock.sleeps).toEqual([250, 250]);
  });

  it('makes concurrent callers queue for distinct slots even when the clock stands still', async () => {
    const sleeps: number[] = [];
    const gate = new RequestGate({
      requestsPerSecond: 1,
      now: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
    expect(sleeps.sort((a, b) => a - b)).toEqual([1000, 2000]);
  });

  it('does not save up unused capacity beyond the burst after an idle period', async () => {
    const clock = createFakeClock();
    const gate = new RequestGate({ requestsPerSecond: 2, now: clock.now, sleep: clock.sleep });
    await gate.acquire();
    clock.advance(60_000);
    for (let i = 0; i < 3; i++) await gate.acquire();
    expect(clock.sleeps).toEqual([500]);
  });

  it('makes every caller wait out a shared pause after a 429', async () => {
    const clock = createFakeClock();
    const gate = new RequestGate({ requestsPerSecond: 0, now: clock.now, sleep: clock.sleep });
    gate.pauseFor(5000);
    await gate.acquire();
    expect(clock.sleeps).toEqual([5000]);
    await gate.acquire();
    expect(clock.sleeps).toEqual([5000]);
  });

  it('never lets a shorter pause cut a longer one short', async () => {
    const clock = createFakeClock();
    const gate = new RequestGate({ requestsPerSecond: 0, now: clock.now, sleep: clock.sleep });
    gate.pauseFor(8000);
    gate.pauseFor(1000);
    await gate.acquire();
    expect(clock.sleeps).toEqual([8000]);
  });

  it('applies the rate ceiling after the pause ends, not during it', async () => {
    const clock = createFakeClock();
    const gate = new RequestGate({ requestsPerSecond: 1, now: clock.now, sleep: clock.sleep });
    await gate.acquire();
    gate.pauseFor(3000);
    await gate.acquire();
    await gate.acquire();
    expect(clock.sleeps).toEqual([3000, 1000]);
  });

  it('keeps waiting when the pause is extended while a caller sleeps', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const gate = new RequestGate({
      requestsPerSecond: 0,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 1) gate.pauseFor(4000);
        now += ms;
      },
    });
    gate.pauseFor(1000);
    await gate.acquire();
    expect(sleeps).toEqual([1000, 3000]);
  });

  it('rejects a waiting caller with the abort reason when its signal aborts', async () => {
    const gate = new RequestGate({ requestsPerSecond: 0 });
    gate.pauseFor(60_000);
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });

  it('refuses a negative or non-finite ceiling', () => {
    expect(() => new RequestGate({ requestsPerSecond: -1 })).toThrow(RangeError);
    expect(() => new RequestGate({ requestsPerSecond: Number.NaN })).toThrow(RangeError);
  });
});
