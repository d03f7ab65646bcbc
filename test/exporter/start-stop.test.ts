import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import type { LimitsSource } from '../../src/poller/limits-poller.js';
import type { DirectorySource } from '../../src/poller/names-poller.js';
import { VirtualClock } from '../support/virtual-clock.js';

const MINUTE = 60_000;
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 0);

/** An exporter of two categories, the names and the limits, on a virtual clock, with answers that come at once. */
function setup(argv: readonly string[] = []) {
  const clock = new VirtualClock(START_MS);
  const { config } = loadConfig(
    ['--categories=embeddings,costs', '--poll.jitter=0', '--poll.concurrency=1', ...argv],
    {},
  );
  const queries: BucketQuery[] = [];
  let listings = 0;
  const directory: DirectorySource = {
    listProjects: async () => {
      listings += 1;
      return [
        { id: 'proj_live', name: 'Live', status: 'active' },
        { id: 'proj_old', name: 'Old', status: 'archived' },
      ];
    },
    listUsers: async () => [],
    listProjectApiKeys: async () => [],
  };
  const limitsPolls: number[] = [];
  const limitsProjects: string[] = [];
  const limits: LimitsSource = {
    organizationSpendLimit: async () => {
      limitsPolls.push(clock.now());
      return undefined;
    },
    organizationSpendAlerts: async () => [],
    projectSpendLimit: async (projectId) => {
      limitsProjects.push(projectId);
      return undefined;
    },
    projectSpendAlerts: async () => [],
    projectRateLimits: async () => [],
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
    limits,
    logger: pino({ level: 'silent' }),
    nowMs: () => clock.now(),
  });
  const saves: number[] = [];
  const state = { save: async () => void saves.push(clock.now()) };
  return {
    clock,
    config,
    exporter,
    state,
    saves,
    queries,
    listings: () => listings,
    limitsPolls,
    limitsProjects,
  };
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

/** embeddings, costs, the names, the limits and the midnight timer. */
const LOOPS = 5;

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

  it('polls the limits at start, after the first names poll, then every --limits.interval', async () => {
    const { clock, exporter, state, limitsPolls, limitsProjects } = setup(['--limits.interval=7m']);
    exporter.start({ clock, state });
    await run(clock, 30 * MINUTE, LOOPS);
    await exporter.stop();
    expect(limitsPolls).toEqual([0, 7, 14, 21, 28].map((m) => START_MS + m * MINUTE));
    // The active projects of the names listing, from the very first limits poll on.
    expect(limitsProjects).toEqual(limitsPolls.map(() => 'proj_live'));
    expect(exporter.limits?.poller.progress.attempted).toBe(true);
  });

  it('polls no limits with --limits.enabled=false', async () => {
    const { clock, exporter, state, limitsPolls } = setup(['--limits.enabled=false']);
    exporter.start({ clock, state });
    await run(clock, 10 * MINUTE, LOOPS - 1);
    await exporter.stop();
    expect(limitsPolls).toEqual([]);
  });
});
