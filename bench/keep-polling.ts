// The exporter target's polls while the runner scrapes: a round of minute polls every `tickMs` (a
// simulated minute each), each followed by a state save as after a poll that changed something,
// with the event loop and the resident set watched for the whole stretch.

import type { StateKeeper } from '../src/state/state-keeper.js';
import type { BenchExporter } from './bench-exporter.js';
import { PhaseMonitor } from './phase-monitor.js';
import type { PollingFigure } from './protocol.js';

/** Counts failed saves: a save that fails under load is a failure of the scrape phases too. */
export const stateReporter = {
  failedSaves: 0,
  stateSaved(ok: boolean) {
    if (!ok) stateReporter.failedSaves += 1;
  },
  stateRecovered() {},
};

export async function keepPolling(
  bench: BenchExporter,
  tickMs: number,
  stopped: () => boolean,
  keeper: StateKeeper,
): Promise<PollingFigure> {
  const failedBefore = stateReporter.failedSaves;
  const monitor = new PhaseMonitor();
  let polls = 0;
  let saves = 0;
  let failures = 0;
  let maxAfterPollMs = 0;
  for (let round = 1; !stopped(); round++) {
    const started = performance.now();
    try {
      for (const figure of await bench.minuteRound(round)) {
        polls += 1;
        maxAfterPollMs = Math.max(maxAfterPollMs, figure.afterPollMs);
      }
      await keeper.save(bench.exporter.pollers);
      saves += 1;
    } catch {
      failures += 1;
    }
    const rest = tickMs - (performance.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  return {
    polls,
    saves,
    failures: failures + stateReporter.failedSaves - failedBefore,
    maxAfterPollMs,
    phase: monitor.stop(),
  };
}
