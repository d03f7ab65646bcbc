import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import type { DirectorySource } from '../../src/poller/names-poller.js';
import { VirtualClock } from '../support/virtual-clock.js';

const MINUTE = 60_000;
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 0);

/** An exporter of two categories and the names, on a virtual clock, with answers that come at once. */
function setup() {
  const clock = new VirtualClock(START_MS);
  const { config } = loadConfig(
    ['--categories=embeddings,costs', '--poll.jitter=0', '--poll.concurrency=1'],
    {},
  );
  const queries: BucketQuery[] = [];
  let listings = 0;
  const directory: DirectorySource = {
    listProjects: async () => {
      listings += 1;
      return [];
    },
    listUsers: async () => [],
    listProjectApiKeys: async () => [],
  };
  const exporter = new Exporter({
    config,
    source: {
      fetchBuckets: async (query) => {
        queries.push(query);
        return { buckets: [] };
      },
    },
    directory,
    logger: pino({ level: 'silent' }),
    nowMs: () => clock.now(),
  });
  const saves: number[] = [];
  const state = { save: async () => void saves.push(clock.now()) };
  return { clock, config, exporter, state, saves, queries, listings: () => listings };
}

/**
 * Moves the clock minute by minute; before each step, waits (in real time, through the rendering
 * and compression that are real I/O) until all `loops` sleep again.
 */
async function run(clock: VirtualClock, ms: number, loops: number): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    while (clock.pending < loops) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(MINUTE);
  }
  while (clock.pending < loops) await new Promise((resolve) => setImmediate(resolve));
}

/** embeddings, costs, the names and the midnight timer. */
const LOOPS = 4;

describe('a started exporter', () => {
  it('polls every category at each width and the names on their intervals, coarse widths first', async () => {
    const { clock, config, exporter, state, queries, listings } = setup();
    exporter.start({ clock, state });
    await run(clock, 30 * MINUTE, LOOPS);
    await exporter.stop();
    expect(exporter.ready).toBe(true);
    const of = (category: string, width: string) =>
      queries.filter((q) => q.category === category && q.width === width).length;
    expect(queries[0]).toMatchObject({ category: 'embeddings', width: '1h' });
    expect(of('embeddings', '1m')).toBe(30 / (config.poll.intervalMs / MINUTE) + 1);
    expect(of('embeddings', '1h')).toBe(30 / (config.poll.hourlyIntervalMs / MINUTE) + 1);
    expect(of('costs', '1d')).toBe(Math.floor(30 / (config.costs.intervalMs / MINUTE)) + 1);
    expect(listings()).toBe(1);
  });

  it('stops polling on stop() and saves the state one last time', async () => {
    const { clock, exporter, state, saves, queries } = setup();
    exporter.start({ clock, state });
    await run(clock, 5 * MINUTE, LOOPS);
    await exporter.stop();
    expect(saves).toEqual([START_MS + 5 * MINUTE]);
    const polled = queries.length;
    await clock.advance(30 * MINUTE);
    expect(queries).toHaveLength(polled);
  });
});
