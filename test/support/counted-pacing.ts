// Pacing for tests that count turns of the event loop instead of timing them.

import type { Pacing } from '../../src/domain/pacing.js';

/** A clock that moves one unit per look; each turn of the "loop" runs `turn`. */
export function countedPacing(
  turn: (turns: number) => void = () => undefined,
): Pacing & { turns: () => number } {
  let clock = 0;
  let turns = 0;
  return {
    sliceMs: 1,
    now: () => clock++,
    yieldToLoop: async () => {
      turns += 1;
      turn(turns);
    },
    turns: () => turns,
  };
}
