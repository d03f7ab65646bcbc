import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FailureLog } from '../../src/poller/failure-log.js';

interface Line {
  level: number;
  msg: string;
  err?: string;
  failures?: number;
  bucket_width?: string;
}

function setup(reminderMs = 300_000) {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      callback();
    },
  });
  let now = 0;
  const log = new FailureLog(pino({ level: 'debug' }, sink), 'completions 1m poll', () => now, reminderMs);
  return {
    lines,
    log,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const ERROR = 50;
const WARN = 40;
const INFO = 30;

describe('a poll that keeps failing', () => {
  it('logs the first failure as an error with its reason', () => {
    const { lines, log } = setup();
    log.failed('HTTP 503: overloaded', { bucket_width: '1m' });
    expect(lines).toMatchObject([
      {
        level: ERROR,
        err: 'HTTP 503: overloaded',
        bucket_width: '1m',
        msg: expect.stringContaining('failed'),
      },
    ]);
  });

  it('then stays quiet until a reminder is due, which carries the count and the last reason', () => {
    const { lines, log, advance } = setup();
    log.failed('HTTP 503: overloaded');
    for (let i = 0; i < 11; i++) {
      advance(20_000);
      log.failed(`HTTP 503: attempt ${i}`);
    }
    expect(lines).toHaveLength(1);
    advance(80_000);
    log.failed('connection refused');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: WARN, failures: 13, err: 'connection refused' });
    expect(lines[1]?.msg).toMatch(/still failing/);
    advance(299_000);
    log.failed('connection refused');
    expect(lines).toHaveLength(2);
    advance(1_000);
    log.failed('connection refused');
    expect(lines).toHaveLength(3);
  });

  it('says it recovered, with the number of failures, on the first success after failing', () => {
    const { lines, log, advance } = setup();
    log.failed('HTTP 503');
    advance(60_000);
    log.failed('HTTP 503');
    log.succeeded();
    expect(lines.at(-1)).toMatchObject({ level: INFO, failures: 2 });
    expect(lines.at(-1)?.msg).toMatch(/recovered after 2 failures/);
  });

  it('says nothing on successes that follow successes, and starts over after recovering', () => {
    const { lines, log } = setup();
    log.succeeded();
    log.succeeded();
    expect(lines).toEqual([]);
    log.failed('a');
    log.succeeded();
    log.failed('b');
    expect(lines.map((l) => l.level)).toEqual([ERROR, INFO, ERROR]);
  });
});
