import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/metrics/single-flight.js';

/** A promise and the function that settles it. */
function deferred() {
  let resolve = () => {};
  let reject = (_error: Error) => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** The turns a flight waits for, passed by the test. */
function turns() {
  const waiting: (() => void)[] = [];
  return {
    nextTurn: () => new Promise<void>((resolve) => waiting.push(resolve)),
    /** Every promise settled so far has run its callbacks, then the waiting runs go on. */
    pass: async () => {
      await settled();
      for (const resolve of waiting.splice(0)) resolve();
      await settled();
    },
  };
}

describe('a single flight', () => {
  it('runs the requests of one turn once, and a request during a run once more after it', async () => {
    const turn = turns();
    const flight = new SingleFlight(turn.nextTurn);
    const started: string[] = [];
    const running = deferred();
    const task = (name: string) => async () => {
      started.push(name);
      if (started.length === 1) await running.promise;
    };
    const burst = [flight.run(task('a')), flight.run(task('b')), flight.run(task('c'))];
    expect(burst[1]).toBe(burst[0]);
    await turn.pass();
    expect(started).toEqual(['c']);
    // Asked while that run is under way: its changes may be missed by it, so one more run follows.
    const later = [flight.run(task('d')), flight.run(task('e'))];
    expect(later[0]).not.toBe(burst[0]);
    await turn.pass();
    expect(started).toEqual(['c']);
    let laterDone = false;
    void later[0]?.then(() => {
      laterDone = true;
    });
    running.resolve();
    await Promise.all(burst);
    expect(laterDone).toBe(false);
    await turn.pass();
    await Promise.all(later);
    expect(started).toEqual(['c', 'e']);
  });

  it('fails the callers of a failed run, and still runs the one queued behind it', async () => {
    const turn = turns();
    const flight = new SingleFlight(turn.nextTurn);
    const running = deferred();
    const failing = flight.run(() => running.promise);
    await turn.pass();
    let ran = false;
    const queued = flight.run(async () => {
      ran = true;
    });
    running.reject(new Error('render failed'));
    await expect(failing).rejects.toThrow('render failed');
    await turn.pass();
    await queued;
    expect(ran).toBe(true);
  });
});
