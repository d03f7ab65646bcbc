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

describe('paced work', () => {
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
