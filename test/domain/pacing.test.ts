import { describe, expect, it } from 'vitest';
import { finishPaced, type Pacing, SliceKeeper } from '../../src/domain/pacing.js';

/** A clock the steps move by hand, and a yield that only counts its turns. */
function manualPacing(sliceMs: number) {
  let now = 0;
  let turns = 0;
  const pacing: Pacing = {
    sliceMs,
    now: () => now,
    yieldToLoop: async () => {
      turns += 1;
    },
  };
  return {
    pacing,
    advance: (ms: number) => {
      now += ms;
    },
    turns: () => turns,
  };
}

/**
 * An event loop the test turns by hand: each turn resumes every task that yielded before it, and
 * reports the milliseconds of work (the steps move the clock) the turn held the loop for.
 */
function loopByHand(sliceMs: number) {
  let now = 0;
  let yielded: (() => void)[] = [];
  const pacing: Pacing = {
    sliceMs,
    now: () => now,
    yieldToLoop: () => new Promise<void>((resolve) => yielded.push(resolve)),
  };
  return {
    pacing,
    advance: (ms: number) => {
      now += ms;
    },
    pending: () => yielded.length,
    async turn(): Promise<number> {
      const before = now;
      const resume = yielded;
      yielded = [];
      for (const wake of resume) wake();
      // Every continuation the turn resumed runs to its next yield within the microtasks.
      await new Promise((settled) => setImmediate(settled));
      return now - before;
    },
  };
}

describe('paced work', () => {
  it('shares one slice per turn of the event loop among tasks paced side by side, taking turns', async () => {
    const loop = loopByHand(2);
    const done: Record<string, number> = {};
    let turns = 0;
    function* steps(name: string, count: number): Generator<void, string> {
      for (let i = 0; i < count; i++) {
        loop.advance(1);
        yield;
      }
      done[name] = turns;
      return name;
    }
    const tasks = Promise.all(['a', 'b', 'c'].map((name) => finishPaced(steps(name, 8), loop.pacing)));
    const held: number[] = [];
    while (loop.pending() > 0) {
      turns += 1;
      held.push(await loop.turn());
    }
    expect(await tasks).toEqual(['a', 'b', 'c']);
    // Three tasks with a slice each held the loop 6 ms a turn; one slice between them holds it 2.
    expect(Math.max(...held)).toBe(2);
    // Round robin: no task waits for another to finish all its work before it gets a turn again.
    const finished = Object.values(done);
    expect(Math.max(...finished) - Math.min(...finished)).toBeLessThanOrEqual(2);
  });

  it('shares the slice between a loop of awaits and stepped work', async () => {
    const loop = loopByHand(2);
    async function reads(count: number): Promise<void> {
      const slices = new SliceKeeper(loop.pacing);
      for (let i = 0; i < count; i++) {
        loop.advance(1);
        await slices.pace();
      }
    }
    function* steps(count: number): Generator<void, void> {
      for (let i = 0; i < count; i++) {
        loop.advance(1);
        yield;
      }
    }
    const tasks = Promise.all([reads(8), finishPaced(steps(8), loop.pacing)]);
    const held: number[] = [];
    while (loop.pending() > 0) held.push(await loop.turn());
    await tasks;
    // A slice each made 4 ms turns; shared, a turn holds one slice plus at most the one step a
    // task takes before it first looks at the budget.
    expect(Math.max(...held)).toBeLessThanOrEqual(3);
    expect(held.slice(1).every((ms) => ms <= 2)).toBe(true);
  });

  it('takes a turn of the event loop each time a slice is used up, and returns the result', async () => {
    const { pacing, advance, turns } = manualPacing(2);
    function* steps(): Generator<void, string> {
      for (let i = 0; i < 10; i++) {
        advance(1);
        yield;
      }
      return 'done';
    }
    expect(await finishPaced(steps(), pacing)).toBe('done');
    expect(turns()).toBe(5);
  });

  it('lets a loop of awaits pace itself: no turn within a slice, one once it is used up', async () => {
    const { pacing, advance, turns } = manualPacing(5);
    const slices = new SliceKeeper(pacing);
    advance(4);
    await slices.pace();
    expect(turns()).toBe(0);
    advance(1);
    await slices.pace();
    expect(turns()).toBe(1);
    // The slice starts again after the turn.
    advance(4);
    await slices.pace();
    expect(turns()).toBe(1);
  });
});
