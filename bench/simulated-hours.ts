// Checks the request budget against the real thing: the Exporter and its Scheduler in the default
// configuration, polling the simulator over HTTP, on a virtual clock run through two hours. The
// first hour includes the start-up polls; the second is steady state.

import { pino } from 'pino';
import { createSimulator } from '../simulator/index.js';
import { CATEGORIES, type CategoryId } from '../src/catalog/categories.js';
import { type ExporterConfig, loadConfig } from '../src/config/index.js';
import { Exporter } from '../src/exporter/exporter.js';
import { RequestGate, UsageClient } from '../src/openai/index.js';
import type { BucketSource } from '../src/poller/category-poller.js';
import { pollIntervals, pollTasks } from '../src/poller/poll-tasks.js';
import { Scheduler } from '../src/poller/scheduler.js';
import { VirtualClock } from './virtual-clock.js';

const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2026, 9, 28, 14, 0, 7);

export interface SimulatedHour {
  /** Requests the simulator received, per category. */
  readonly requests: Record<string, number>;
  /** Polls that finished, per `category/width`. */
  readonly polls: Record<string, number>;
  readonly totalRequests: number;
}

export async function simulateHours(
  config: ExporterConfig = loadConfig([], {}).config,
): Promise<SimulatedHour[]> {
  const clock = new VirtualClock(START_MS);
  const simulator = createSimulator({ seed: 5, now: clock.now });
  const upstream = await simulator.listen();
  const client = new UsageClient({
    baseUrl: upstream.baseUrl,
    adminKey: 'sk-admin-benchmark',
    maxRetries: config.openai.maxRetries,
    timeoutMs: config.openai.timeoutMs,
    // Only delays requests, never adds or removes any, so its waits are skipped.
    gate: new RequestGate({
      requestsPerSecond: config.openai.requestsPerSecond,
      now: clock.now,
      sleep: async () => {},
    }),
    sleep: async () => {},
    now: clock.now,
  });
  let busy = 0;
  const source: BucketSource = {
    async fetchBuckets(query, signal) {
      busy += 1;
      try {
        return await client.fetchBuckets(query, signal);
      } finally {
        busy -= 1;
      }
    },
  };
  const exporter = new Exporter({ config, source, logger: pino({ level: 'silent' }), nowMs: clock.now });
  let polls: Record<string, number> = {};
  // The exporter's own tasks at the configured intervals; only what runs after a poll differs.
  const tasks = pollTasks(exporter.polled, pollIntervals(config), {
    afterPoll: async (poller, width, changed) => {
      busy += 1;
      const key = `${poller.spec.id}/${width}`;
      polls[key] = (polls[key] ?? 0) + 1;
      try {
        await exporter.afterPoll(poller, changed);
      } finally {
        busy -= 1;
      }
    },
    afterNamesPoll: (changed) => exporter.afterNamesPoll(changed),
    afterLimitsPoll: (changed) => exporter.afterLimitsPoll(changed),
  });
  const scheduler = new Scheduler(tasks, {
    concurrency: config.poll.concurrency,
    jitter: config.poll.jitter,
    clock: { now: clock.now, sleep: clock.sleep },
    random: seededRandom(42),
  });
  const hours: SimulatedHour[] = [];
  scheduler.start();
  try {
    for (let hour = 1; hour <= 2; hour++) {
      const end = START_MS + hour * HOUR_MS;
      for (;;) {
        await quiescent(() => busy === 0 && clock.sleepers === exporter.pollers.length);
        if (clock.nextDue >= end) break;
        clock.advance();
      }
      hours.push({
        requests: byCategory(simulator.stats.byPath()),
        polls,
        totalRequests: simulator.stats.total,
      });
      simulator.stats.reset();
      polls = {};
    }
  } finally {
    await scheduler.stop();
    await upstream.close();
  }
  return hours;
}

/** Waits (in real time) until every loop sleeps and nothing is in flight. */
async function quiescent(idle: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!idle()) {
    if (Date.now() > deadline) throw new Error('the simulated scheduler did not settle');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function byCategory(byPath: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [path, count] of Object.entries(byPath)) {
    const id = (Object.keys(CATEGORIES) as CategoryId[]).find((c) => CATEGORIES[c].path === path) ?? path;
    counts[id] = (counts[id] ?? 0) + count;
  }
  return counts;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
