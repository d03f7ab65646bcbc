import { describe, expect, it } from 'vitest';
import type { BucketWidth } from '../../src/catalog/categories.js';
import type { CategoryPoller } from '../../src/poller/category-poller.js';
import { categoryTasks } from '../../src/poller/poll-tasks.js';
import type { PollResult } from '../../src/poller/run-poll.js';
import { Scheduler } from '../../src/poller/scheduler.js';
import { VirtualClock } from '../support/virtual-clock.js';

interface FakePoller {
  readonly polls: { width: BucketWidth; at: number }[];
  inFlight: number;
  maxInFlight: number;
}

function fakePoller(
  id: string,
  clock: VirtualClock,
  behaviour: (width: BucketWidth) => Promise<boolean>,
): FakePoller & CategoryPoller {
  const fake = {
    spec: { id },
    widths: ['1m', '1h'] as BucketWidth[],
    polls: [] as { width: BucketWidth; at: number }[],
    inFlight: 0,
    maxInFlight: 0,
    async execute(width: BucketWidth): Promise<PollResult> {
      fake.polls.push({ width, at: clock.now() });
      fake.inFlight += 1;
      fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
      try {
        return { outcome: 'success', changed: await behaviour(width) };
      } finally {
        fake.inFlight -= 1;
      }
    },
  };
  return fake as unknown as FakePoller & CategoryPoller;
}

const intervals = { '1m': 60_000, '1h': 900_000, '1d': 300_000 };

describe('the scheduler', () => {
  it('polls the coarse width first, then each width on its own interval', async () => {
    const clock = new VirtualClock();
    const poller = fakePoller('embeddings', clock, async () => false);
    const scheduler = new Scheduler(categoryTasks([poller], intervals), {
      concurrency: 2,
      jitter: 0,
      clock,
    });
    scheduler.start();
    await clock.advance(30 * 60_000);
    await scheduler.stop();
    expect(poller.polls[0]?.width).toBe('1h');
    expect(poller.polls.filter((p) => p.width === '1m')).toHaveLength(31);
    expect(poller.polls.filter((p) => p.width === '1h').map((p) => p.at)).toEqual([0, 900_000, 1_800_000]);
  });

  it('keeps every other category on schedule while one category hangs', async () => {
    const clock = new VirtualClock();
    const stuck = fakePoller('images', clock, () => new Promise<boolean>(() => {}));
    const healthy = fakePoller('embeddings', clock, async () => true);
    const scheduler = new Scheduler(categoryTasks([stuck, healthy], intervals), {
      concurrency: 2,
      jitter: 0,
      clock,
    });
    scheduler.start();
    await clock.advance(10 * 60_000);
    expect(stuck.polls).toHaveLength(1);
    expect(stuck.maxInFlight).toBe(1);
    expect(healthy.polls.filter((p) => p.width === '1m').length).toBeGreaterThanOrEqual(10);
    void scheduler.stop();
  });

  it('never runs more polls at once than the concurrency allows', async () => {
    const clock = new VirtualClock();
    let running = 0;
    let peak = 0;
    const slow = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await clock.sleep(5_000, new AbortController().signal);
      running -= 1;
      return false;
    };
    const pollers = ['a', 'b', 'c', 'd'].map((id) => fakePoller(id, clock, slow));
    const scheduler = new Scheduler(categoryTasks(pollers, intervals), {
      concurrency: 2,
      jitter: 0,
      clock,
    });
    scheduler.start();
    await clock.advance(5 * 60_000);
    await scheduler.stop();
    expect(peak).toBe(2);
    for (const poller of pollers) expect(poller.polls.length).toBeGreaterThan(3);
  });

  it('spreads polls with jitter so categories do not poll in lockstep', async () => {
    const clock = new VirtualClock();
    let r = 0;
    const random = () => {
      r = (r + 0.37) % 1;
      return r;
    };
    const poller = fakePoller('moderations', clock, async () => false);
    const scheduler = new Scheduler(categoryTasks([poller], intervals), {
      concurrency: 1,
      jitter: 0.1,
      clock,
      random,
    });
    scheduler.start();
    await clock.advance(10 * 60_000);
    await scheduler.stop();
    const gaps = poller.polls
      .filter((p) => p.width === '1m')
      .map((p, i, all) => (i === 0 ? 0 : p.at - (all[i - 1]?.at ?? 0)))
      .slice(1);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(60_000);
      expect(gap).toBeLessThanOrEqual(67_000);
    }
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });
});
