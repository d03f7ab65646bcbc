import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { UpstreamHttpError } from '../../src/openai/index.js';
import { CategoryPoller } from '../../src/poller/category-poller.js';

const config = loadConfig([], {}).config;
const T0 = 1_790_000_000 - (1_790_000_000 % 3600);

function setup() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  let now = T0 * 1000;
  let fail: Error | undefined = new Error('upstream down');
  const source = {
    fetchBuckets: async (_query: unknown, signal?: AbortSignal) => {
      if (signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError');
      if (fail !== undefined) throw fail;
      return { buckets: [] };
    },
  };
  const settings = {
    minuteWindowSeconds: 3600,
    hourWindowSeconds: 86400,
    settleDays: 2,
    backfillMaxSeconds: 604800,
  };
  const reporter = { pollFinished() {}, downward() {}, malformed() {} };
  // As the exporter builds it: a child logger that already carries the category.
  const logger = pino({ level: 'debug' }, sink).child({ category: 'embeddings' });
  const poller = new CategoryPoller(
    CATEGORIES.embeddings,
    config.categories.embeddings,
    new CategoryLedger(categoryLayout('embeddings', ['project_id', 'model'], 100)),
    source,
    settings,
    reporter,
    logger,
    () => now,
  );
  return {
    poller,
    lines,
    parsed: () => lines.map((line) => JSON.parse(line) as { level: number; msg: string }),
    advance: (ms: number) => {
      now += ms;
    },
    setFailure: (error: Error | undefined) => {
      fail = error;
    },
  };
}

describe('the category poller’s log', () => {
  it('reports an outage once, reminds at most every five minutes, and reports the recovery', async () => {
    const { poller, parsed, advance, setFailure } = setup();
    setFailure(new UpstreamHttpError('embeddings', 503, 'overloaded'));
    for (let minute = 0; minute < 11; minute++) {
      await poller.poll('1m');
      advance(60_000);
    }
    setFailure(undefined);
    await poller.poll('1m');
    const loud = parsed().filter((line) => line.level >= 40);
    expect(loud.map((line) => line.level)).toEqual([50, 40, 40]);
    expect(parsed().some((line) => /recovered after 11 failures/.test(line.msg))).toBe(true);
  });

  it('logs nothing above debug for a poll aborted by shutdown', async () => {
    const { poller, parsed } = setup();
    const controller = new AbortController();
    controller.abort();
    await poller.poll('1m', controller.signal);
    expect(parsed().filter((line) => line.level > 20)).toEqual([]);
  });

  it('writes each key once in every JSON line', async () => {
    const { poller, lines, setFailure } = setup();
    await poller.poll('1m');
    setFailure(undefined);
    await poller.poll('1m');
    for (const line of lines) expect(line.match(/"category":/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
  });
});
