import { describe, expect, it } from 'vitest';
import { DayBoundaryTimer, nextUtcMidnight } from '../../src/poller/day-boundary.js';
import { VirtualClock } from '../support/virtual-clock.js';

const DAY_MS = 86_400_000;
const NOV_20 = Date.UTC(2026, 10, 20);

describe('the UTC day boundary timer', () => {
  it('finds the next UTC midnight, strictly after now', () => {
    expect(nextUtcMidnight(NOV_20 + 5)).toBe(NOV_20 + DAY_MS);
    expect(nextUtcMidnight(NOV_20)).toBe(NOV_20 + DAY_MS);
    expect(nextUtcMidnight(NOV_20 - 1)).toBe(NOV_20);
  });

  it('fires once at each midnight, at the boundary, and not after it is stopped', async () => {
    const clock = new VirtualClock(NOV_20 - 90_000);
    const fired: number[] = [];
    const timer = new DayBoundaryTimer(clock, async () => {
      fired.push(clock.now());
    });
    timer.start();
    await clock.advance(2 * DAY_MS, 30_000);
    expect(fired).toEqual([NOV_20, NOV_20 + DAY_MS]);
    await timer.stop();
    await clock.advance(DAY_MS, 60_000);
    expect(fired).toHaveLength(2);
  });

  it('keeps running when a roll-over fails', async () => {
    const clock = new VirtualClock(NOV_20 - 1000);
    let calls = 0;
    const timer = new DayBoundaryTimer(clock, async () => {
      calls += 1;
      throw new Error('render failed');
    });
    timer.start();
    await clock.advance(DAY_MS + 2000, 60_000);
    await timer.stop();
    expect(calls).toBe(2);
  });
});
