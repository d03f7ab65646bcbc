import { describe, expect, it } from 'vitest';
import type { PollOutcome, PollResult } from '../../src/poller/run-poll.js';
import { type PollTask, Scheduler } from '../../src/poller/scheduler.js';
import { VirtualClock } from '../support/virtual-clock.js';

interface RecordedTask extends PollTask {
  readonly runs: number[];
  readonly polled: boolean[];
  aborted: number;
}

/** A task that records when it ran; `behaviour` decides how each run ends. */
function task(
  clock: VirtualClock,
  fields: Pick<PollTask, 'subject' | 'width' | 'intervalMs'> & Partial<PollTask>,
  behaviour: (signal: AbortSignal) => Promise<PollOutcome> = async () => 'success',
): RecordedTask {
  const recorded: RecordedTask = {
    ...fields,
    runs: [],
    polled: [],
    aborted: 0,
    async run(signal): Promise<PollResult> {
      recorded.runs.push(clock.now());
      const outcome = await behaviour(signal);
      if (signal.aborted) recorded.aborted += 1;
      return { outcome, changed: outcome === 'success' };
    },
    async onPolled(changed) {
      recorded.polled.push(changed);
    },
  };
  return recorded;
}

/** Never ends by itself; ends as aborted when the scheduler stops. */
const hanging = (signal: AbortSignal) =>
  new Promise<PollOutcome>((resolve) => signal.addEventListener('abort', () => resolve('aborted')));

const MINUTE = 60_000;

describe('the scheduler over categories and the names listing', () => {
  it('runs each task on its own interval, the names beside the categories', async () => {
    const clock = new VirtualClock();
    const minute = task(clock, { subject: 'embeddings', width: '1m', intervalMs: MINUTE });
    const hour = task(clock, { subject: 'embeddings', width: '1h', intervalMs: 15 * MINUTE });
    const costs = task(clock, { subject: 'costs', width: '1d', intervalMs: 5 * MINUTE });
    const names = task(clock, { subject: 'names', width: '', intervalMs: 60 * MINUTE, bounded: false });
    const scheduler = new Scheduler([hour, minute, costs, names], { concurrency: 2, jitter: 0, clock });
    scheduler.start();
    await clock.advance(60 * MINUTE);
    await scheduler.stop();
    expect(hour.runs).toEqual([0, 15, 30, 45, 60].map((m) => m * MINUTE));
    expect(minute.runs).toHaveLength(61);
    expect(costs.runs).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60].map((m) => m * MINUTE));
    expect(names.runs).toEqual([0, 60 * MINUTE]);
    expect(names.polled).toEqual([true, true]);
  });

  it('runs the first task of a subject first, and one task of a subject at a time', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const slow = (width: string) => async () => {
      order.push(width);
      running += 1;
      peak = Math.max(peak, running);
      await clock.sleep(10_000, new AbortController().signal);
      running -= 1;
      return 'success' as const;
    };
    const hour = task(clock, { subject: 'images', width: '1h', intervalMs: 15 * MINUTE }, slow('1h'));
    const minute = task(clock, { subject: 'images', width: '1m', intervalMs: MINUTE }, slow('1m'));
    const scheduler = new Scheduler([hour, minute], { concurrency: 4, jitter: 0, clock });
    scheduler.start();
    await clock.advance(5 * MINUTE);
    await scheduler.stop();
    expect(order.slice(0, 2)).toEqual(['1h', '1m']);
    expect(peak).toBe(1);
  });

  it('keeps the names listing out of the concurrency slots that usage polls wait for', async () => {
    const clock = new VirtualClock();
    const stuck = task(clock, { subject: 'completions', width: '1m', intervalMs: MINUTE }, hanging);
    const waiting = task(clock, { subject: 'embeddings', width: '1m', intervalMs: MINUTE });
    const names = task(clock, { subject: 'names', width: '', intervalMs: 10 * MINUTE, bounded: false });
    const scheduler = new Scheduler([stuck, waiting, names], { concurrency: 1, jitter: 0, clock });
    scheduler.start();
    await clock.advance(30 * MINUTE);
    expect(waiting.runs).toEqual([]);
    expect(names.runs).toEqual([0, 10, 20, 30].map((m) => m * MINUTE));
    await scheduler.stop();
  });

  it('retries a failed task sooner when it asks to, and only then', async () => {
    const clock = new VirtualClock();
    const outcomes: PollOutcome[] = ['upstream_error', 'bad_data', 'success', 'success'];
    const names = task(
      clock,
      { subject: 'names', width: '', intervalMs: 60 * MINUTE, retryMs: 5 * MINUTE, bounded: false },
      async () => outcomes.shift() ?? 'success',
    );
    const minute = task(
      clock,
      { subject: 'moderations', width: '1m', intervalMs: MINUTE },
      async () => 'failed',
    );
    const scheduler = new Scheduler([names, minute], { concurrency: 1, jitter: 0, clock });
    scheduler.start();
    await clock.advance(80 * MINUTE);
    await scheduler.stop();
    expect(names.runs).toEqual([0, 5, 10, 70].map((m) => m * MINUTE));
    expect(minute.runs).toHaveLength(81);
  });

  it('aborts every poll in flight on stop and reports none of them as polled', async () => {
    const clock = new VirtualClock();
    const category = task(clock, { subject: 'costs', width: '1d', intervalMs: MINUTE }, hanging);
    const names = task(clock, { subject: 'names', width: '', intervalMs: MINUTE, bounded: false }, hanging);
    const scheduler = new Scheduler([category, names], { concurrency: 2, jitter: 0, clock });
    scheduler.start();
    await clock.advance(MINUTE);
    await scheduler.stop();
    expect([category.aborted, names.aborted]).toEqual([1, 1]);
    expect([category.polled, names.polled]).toEqual([[], []]);
    await clock.advance(10 * MINUTE);
    expect([category.runs.length, names.runs.length]).toEqual([1, 1]);
  });
});
