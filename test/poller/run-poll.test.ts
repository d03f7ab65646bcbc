import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LedgerRejectedError } from '../../src/ledger/errors.js';
import { MalformedPageError, PaginationError, UpstreamHttpError } from '../../src/openai/index.js';
import { type PollWork, pollTrack, runPoll } from '../../src/poller/run-poll.js';

interface Line {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function setup() {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      callback();
    },
  });
  let now = 1_790_000_000_000;
  const finished: { category: string; width: string; ok: boolean; seconds: number; at: number }[] = [];
  const malformed: string[] = [];
  const track = pollTrack({
    subject: 'embeddings',
    width: '1m',
    reporter: {
      pollFinished: (category, width, ok, seconds, at) => finished.push({ category, width, ok, seconds, at }),
      malformed: (category) => malformed.push(category),
    },
    logger: pino({ level: 'debug' }, sink),
    nowMs: () => now,
    what: '1m poll',
    fields: { bucket_width: '1m' },
    succeeded: 'poll succeeded',
  });
  /** A poll that takes `ms` on the injected clock, then ends as `end` says. */
  const taking = (ms: number, end: () => PollWork) => async (): Promise<PollWork> => {
    now += ms;
    return end();
  };
  const failing = (error: unknown) =>
    taking(250, () => {
      throw error;
    });
  return { track, lines, finished, malformed, taking, failing, startedSeconds: now / 1000 };
}

describe('running one poll', () => {
  it('times a successful poll, records its success and says whether it changed anything', async () => {
    const { track, finished, lines, taking, startedSeconds } = setup();
    const result = await runPoll(
      track,
      taking(1_500, () => ({ changed: true, summary: { buckets: 3 } })),
    );
    expect(result).toEqual({ outcome: 'success', changed: true });
    expect(finished).toEqual([
      { category: 'embeddings', width: '1m', ok: true, seconds: 1.5, at: startedSeconds + 1.5 },
    ]);
    expect(track.progress).toEqual({ attempted: true, lastSuccess: startedSeconds });
    expect(lines).toMatchObject([{ level: 20, msg: 'poll succeeded', bucket_width: '1m', buckets: 3 }]);
  });

  it('classifies an upstream failure, keeps the last success and logs the reason as an error', async () => {
    const { track, finished, malformed, lines, failing, taking } = setup();
    await runPoll(
      track,
      taking(0, () => ({ changed: false })),
    );
    const lastSuccess = track.progress.lastSuccess;
    const result = await runPoll(track, failing(new UpstreamHttpError('embeddings', 503, 'overloaded')));
    expect(result).toEqual({ outcome: 'upstream_error', changed: false });
    expect(finished.at(-1)).toMatchObject({ ok: false, seconds: 0.25 });
    expect(malformed).toEqual([]);
    expect(track.progress).toEqual({
      attempted: true,
      lastSuccess,
      lastError: 'embeddings: upstream answered HTTP 503: overloaded',
    });
    expect(lines.at(-1)).toMatchObject({
      level: 50,
      msg: '1m poll failed; keeping the last good values',
      bucket_width: '1m',
    });
  });

  it.each([
    ['a malformed page', new MalformedPageError('embeddings', 'bad JSON')],
    ['endless pagination', new PaginationError('embeddings', 'repeated cursor')],
    ['a bucket the ledger refuses', new LedgerRejectedError('bucket end before its start')],
  ])('classifies %s as bad data and counts it as a malformed answer', async (_what, error) => {
    const { track, finished, malformed, failing } = setup();
    const result = await runPoll(track, failing(error));
    expect(result.outcome).toBe('bad_data');
    expect(malformed).toEqual(['embeddings']);
    expect(finished.map((f) => f.ok)).toEqual([false]);
    expect(track.progress.lastError).toBe(error.message);
  });

  it('classifies any other error as a failure and names its type in the reason', async () => {
    const { track, failing } = setup();
    const result = await runPoll(track, failing(new TypeError('x is undefined')));
    expect(result.outcome).toBe('failed');
    expect(track.progress.lastError).toBe('TypeError: x is undefined');
  });

  it('treats a poll cut short by shutdown as no failure: no metric, no error, nothing above debug', async () => {
    const { track, finished, lines, failing } = setup();
    const controller = new AbortController();
    controller.abort();
    const aborted = new DOMException('This operation was aborted', 'AbortError');
    const result = await runPoll(track, failing(aborted), controller.signal);
    expect(result).toEqual({ outcome: 'aborted', changed: false });
    expect(finished).toEqual([]);
    expect(track.progress).toEqual({ attempted: false });
    expect(lines).toMatchObject([{ level: 20, msg: 'poll aborted by shutdown', bucket_width: '1m' }]);
  });

  it('logs a run of failures through the throttled failure log and reports the recovery', async () => {
    const { track, lines, failing, taking } = setup();
    const down = new UpstreamHttpError('embeddings', 503, 'overloaded');
    for (let i = 0; i < 3; i++) await runPoll(track, failing(down));
    await runPoll(
      track,
      taking(0, () => ({ changed: false })),
    );
    expect(lines.filter((line) => line.level >= 30).map((line) => line.msg)).toEqual([
      '1m poll failed; keeping the last good values',
      '1m poll recovered after 3 failures',
    ]);
  });
});
