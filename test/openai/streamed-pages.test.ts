import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BucketPart, BucketQuery } from '../../src/domain/bucket.js';
import { UpstreamTimeoutError } from '../../src/openai/errors.js';
import {
  DAY,
  HOUR,
  makeClient,
  manualTimer,
  rejectionOf,
  startUpstream,
  TODAY,
  totalsByLabels,
  type Upstream,
} from './support/upstream.js';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

const HOURS: BucketQuery = {
  category: 'completions',
  width: '1h',
  startTime: TODAY - 2 * DAY,
  endTime: TODAY,
  groupBy: ['project_id', 'model'],
};

const COMPLETION = 'organization.usage.completions.result';
const result = (project: string) =>
  `{"object":"${COMPLETION}","input_tokens":1,"output_tokens":2,"num_model_requests":3,"project_id":"${project}"}`;
const bucketText = (start: number) =>
  `{"object":"bucket","start_time":${start},"end_time":${start + HOUR},"results":[${result('a')},${result('b')}]}`;
const PAGE_HEAD = `{"object":"page","data":[${bucketText(TODAY)},`;
const PAGE_TAIL = `${bucketText(TODAY + HOUR)}],"has_more":false,"next_page":null}`;

/**
 * An upstream whose first answer sends its first bucket and then stalls mid-body; every later
 * answer is whole.
 */
async function stallingUpstream(): Promise<{ baseUrl: string; server: Server }> {
  let answers = 0;
  const server = createServer((_req, res) => {
    answers += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (answers === 1) res.write(PAGE_HEAD);
    else res.end(PAGE_HEAD + PAGE_TAIL);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

/** Until the attempt clock runs again after the sink took the first part. */
async function rearmed(armed: readonly number[]): Promise<void> {
  while (armed.length < 2) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('pages streamed to a sink', () => {
  it('hand out the buckets fetchBuckets returns, in runs of rows, in answer order', async () => {
    const { client } = makeClient(upstream.baseUrl);
    const { buckets } = await client.fetchBuckets(HOURS);
    const parts: BucketPart[] = [];
    const { pages } = await client.streamBuckets(HOURS, (more) => parts.push(...more));
    expect(pages).toBeGreaterThan(0);
    expect(parts.filter((part) => part.first).map((part) => part.startTime)).toEqual(
      buckets.map((bucket) => bucket.startTime),
    );
    expect(totalsByLabels(parts)).toEqual(totalsByLabels(buckets));
  });

  it('stop the attempt clock while the sink works: only the upstream spends the timeout', async () => {
    const attempts = manualTimer();
    const { client } = makeClient(upstream.baseUrl, { timeoutMs: 100, attemptTimer: attempts.timer });
    const parts: BucketPart[] = [];
    await client.streamBuckets(HOURS, (more) => {
      // Were the attempt's timer armed now, this would time the attempt out.
      attempts.expire();
      parts.push(...more);
    });
    expect(parts.length).toBeGreaterThan(0);
  });

  it('hand out a page again from its start after an attempt stalled mid-body and was retried', async () => {
    const stalling = await stallingUpstream();
    try {
      const attempts = manualTimer();
      const { client, responses } = makeClient(stalling.baseUrl, {
        timeoutMs: 100,
        attemptTimer: attempts.timer,
      });
      const seen: [number, boolean][] = [];
      let firstPart: () => void = () => undefined;
      const sawFirstPart = new Promise<void>((resolve) => {
        firstPart = resolve;
      });
      const query = {
        ...HOURS,
        startTime: TODAY,
        endTime: TODAY + 2 * HOUR,
        groupBy: ['project_id' as const],
      };
      const done = client.streamBuckets(query, (parts) => {
        for (const part of parts) seen.push([part.startTime, part.first]);
        firstPart();
      });
      await sawFirstPart;
      await rearmed(attempts.armed);
      attempts.expire();
      await done;
      expect(responses()).toEqual(['200', 'timeout', '200']);
      expect(seen).toEqual([
        [TODAY, true],
        [TODAY, true],
        [TODAY + HOUR, true],
      ]);
    } finally {
      stalling.server.closeAllConnections();
      await new Promise<void>((resolve) => stalling.server.close(() => resolve()));
    }
  });

  it('time out a body that stalls, as before', async () => {
    const stalling = await stallingUpstream();
    try {
      const attempts = manualTimer();
      const { client } = makeClient(stalling.baseUrl, {
        timeoutMs: 100,
        maxRetries: 0,
        attemptTimer: attempts.timer,
      });
      let firstPart: () => void = () => undefined;
      const sawFirstPart = new Promise<void>((resolve) => {
        firstPart = resolve;
      });
      const query = {
        ...HOURS,
        startTime: TODAY,
        endTime: TODAY + 2 * HOUR,
        groupBy: ['project_id' as const],
      };
      const pending = rejectionOf(client.streamBuckets(query, () => firstPart()));
      await sawFirstPart;
      await rearmed(attempts.armed);
      attempts.expire();
      expect(await pending).toBeInstanceOf(UpstreamTimeoutError);
    } finally {
      stalling.server.closeAllConnections();
      await new Promise<void>((resolve) => stalling.server.close(() => resolve()));
    }
  });
});
