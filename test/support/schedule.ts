import type { Exporter } from '../../src/exporter/exporter.js';

const MINUTE_MS = 60_000;

/**
 * Plays the exporter's polling cadence on an injected clock, minute by minute: 1m and costs
 * polls every 5 minutes, 1h polls every 15, each width on its own schedule as in production,
 * coarse widths first.
 */
export async function playPollingSchedule(
  exporter: Exporter,
  startMs: number,
  endMs: number,
  setNow: (ms: number) => void,
): Promise<void> {
  for (let t = startMs; t <= endMs; t += MINUTE_MS) {
    setNow(t);
    const minute = Math.round((t - startMs) / MINUTE_MS);
    for (const poller of exporter.pollers) {
      for (const width of [...poller.widths].reverse()) {
        if (minute % (width === '1h' ? 15 : 5) !== 0) continue;
        await exporter.afterPoll(poller, await poller.poll(width));
      }
    }
  }
}
