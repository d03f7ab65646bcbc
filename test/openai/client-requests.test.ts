import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, type Dimension } from '../../src/catalog/categories.js';
import type { BucketQuery } from '../../src/domain/bucket.js';
import {
  ADMIN_KEY,
  DAY,
  HOUR,
  makeClient,
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

const lastRequest = () => {
  const request = upstream.requests.at(-1);
  if (request === undefined) throw new Error('no request recorded');
  return request;
};

describe('the usage client on the wire', () => {
  it('sends the admin key as a Bearer token, asks for JSON and names itself', async () => {
    const { client } = makeClient(upstream.baseUrl, { userAgent: 'exporter-test/1.0' });
    await client.fetchBuckets({ category: 'embeddings', width: '1d', startTime: TODAY - DAY, groupBy: [] });
    expect(lastRequest().headers.authorization).toBe(`Bearer ${ADMIN_KEY}`);
    expect(lastRequest().headers.accept).toBe('application/json');
    expect(lastRequest().headers['user-agent']).toBe('exporter-test/1.0');
  });

  it('requests the category path below the base URL, tolerating a trailing slash', async () => {
    const { client } = makeClient(`${upstream.baseUrl}/`);
    await client.fetchBuckets({
      category: 'audio_speeches',
      width: '1d',
      startTime: TODAY - DAY,
      groupBy: [],
    });
    expect(lastRequest().url.pathname).toBe('/v1/organization/usage/audio_speeches');
  });

  it('encodes times, width, the maximal limit, group_by and list filters as repeated keys', async () => {
    const { client } = makeClient(upstream.baseUrl);
    const project = upstream.sim.organization.projects[0]?.id ?? '';
    await client.fetchBuckets({
      category: 'completions',
      width: '1h',
      startTime: TODAY - DAY,
      endTime: TODAY,
      groupBy: ['model', 'project_id'],
      filters: { project_ids: [project, 'proj_other'], batch: false },
    });
    const params = lastRequest().url.searchParams;
    expect(params.get('start_time')).toBe(String(TODAY - DAY));
    expect(params.get('end_time')).toBe(String(TODAY));
    expect(params.get('bucket_width')).toBe('1h');
    expect(params.get('limit')).toBe('168');
    expect(params.getAll('group_by')).toEqual(['model', 'project_id']);
    expect(params.getAll('project_ids')).toEqual([project, 'proj_other']);
    expect(params.get('batch')).toBe('false');
    expect(params.has('page')).toBe(false);
  });

  it('omits end_time when the window runs to now, and sends batch=true literally', async () => {
    const { client } = makeClient(upstream.baseUrl);
    await client.fetchBuckets({
      category: 'completions',
      width: '1m',
      startTime: TODAY,
      groupBy: [],
      filters: { batch: true },
    });
    const params = lastRequest().url.searchParams;
    expect(params.has('end_time')).toBe(false);
    expect(params.get('limit')).toBe('1440');
    expect(params.get('batch')).toBe('true');
  });

  it('asks for 31 daily buckets per page, and for costs sends no bucket_width with a limit of 180', async () => {
    const { client } = makeClient(upstream.baseUrl);
    await client.fetchBuckets({ category: 'moderations', width: '1d', startTime: TODAY - DAY, groupBy: [] });
    expect(lastRequest().url.searchParams.get('limit')).toBe('31');
    await client.fetchBuckets({
      category: 'costs',
      width: '1d',
      startTime: TODAY - DAY,
      groupBy: ['line_item'],
    });
    const params = lastRequest().url.searchParams;
    expect(lastRequest().url.pathname).toBe('/v1/organization/costs');
    expect(params.has('bucket_width')).toBe(false);
    expect(params.get('limit')).toBe('180');
  });

  it('sends only the filters the category supports and skips empty lists', async () => {
    const { client } = makeClient(upstream.baseUrl);
    await client.fetchBuckets({
      category: 'vector_stores',
      width: '1d',
      startTime: TODAY - DAY,
      groupBy: ['project_id'],
      filters: { project_ids: [], models: ['gpt-4o'], batch: true },
    });
    const keys = [...lastRequest().url.searchParams.keys()].sort();
    expect(keys).toEqual(['bucket_width', 'group_by', 'limit', 'start_time']);
  });

  it('follows next_page to the end, re-sending every parameter, and returns each bucket once in order', async () => {
    const { client } = makeClient(upstream.baseUrl);
    const before = upstream.requests.length;
    const query: BucketQuery = {
      category: 'completions',
      width: '1h',
      startTime: TODAY - 17 * DAY,
      endTime: TODAY - DAY,
      groupBy: ['model', 'project_id'],
    };
    const result = await client.fetchBuckets(query);
    const sent = upstream.requests.slice(before).map((r) => r.url.searchParams);
    // 384 hourly buckets at 168 per page.
    expect(result.pages).toBe(3);
    expect(sent).toHaveLength(3);
    expect(sent.map((p) => p.has('page'))).toEqual([false, true, true]);
    for (const params of sent) {
      expect(params.get('start_time')).toBe(String(query.startTime));
      expect(params.get('end_time')).toBe(String(query.endTime));
      expect(params.getAll('group_by')).toEqual(['model', 'project_id']);
      expect(params.get('limit')).toBe('168');
    }
    expect(result.buckets).toHaveLength(384);
    result.buckets.forEach((bucket, i) => {
      expect(bucket.startTime).toBe(query.startTime + i * HOUR);
      expect(bucket.endTime).toBe(bucket.startTime + HOUR);
    });
  });

  it('returns exactly the totals the upstream accounted for, labelled in group_by order', async () => {
    const { client } = makeClient(upstream.baseUrl);
    const groupBy: Dimension[] = ['model', 'project_id', 'batch'];
    const startTime = TODAY - 3 * DAY;
    const endTime = TODAY - DAY;
    const { buckets } = await client.fetchBuckets({
      category: 'completions',
      width: '1h',
      startTime,
      endTime,
      groupBy,
    });
    const truth = upstream.sim.truth.finalTotals({ category: 'completions', startTime, endTime, groupBy });
    const fields = CATEGORIES.completions.fields.map((f) => f.field);
    const expected = new Map(
      truth.map((row) => [
        JSON.stringify(groupBy.map((d) => row.labels[d] ?? '')),
        fields.map((f) => row.values[f] ?? Number.NaN),
      ]),
    );
    expect(truth.length).toBeGreaterThan(3);
    expect(totalsByLabels(buckets)).toEqual(expected);
  });

  it('parses string-valued cost amounts to the identical doubles as numeric ones', async () => {
    const window = { category: 'costs', width: '1d', startTime: TODAY - 5 * DAY, endTime: TODAY } as const;
    const groupBy: Dimension[] = ['project_id', 'line_item'];
    const asStrings = await startUpstream({ stringAmountRatio: 1 });
    const asNumbers = await startUpstream({ stringAmountRatio: 0 });
    try {
      const raw = await fetch(
        `${asStrings.baseUrl}/organization/costs?start_time=${window.startTime}&group_by=line_item`,
        { headers: { authorization: `Bearer ${ADMIN_KEY}` } },
      );
      const rawPage = (await raw.json()) as { data: { results: { amount: { value: unknown } }[] }[] };
      expect(typeof rawPage.data[0]?.results[0]?.amount.value).toBe('string');
      const strings = await makeClient(asStrings.baseUrl).client.fetchBuckets({ ...window, groupBy });
      const numbers = await makeClient(asNumbers.baseUrl).client.fetchBuckets({ ...window, groupBy });
      const amounts = (r: typeof strings) => r.buckets.flatMap((b) => b.rows.map((row) => row.values[0]));
      expect(amounts(strings).length).toBeGreaterThan(10);
      expect(amounts(strings)).toEqual(amounts(numbers));
      expect(amounts(strings).every((v) => typeof v === 'number' && v >= 0)).toBe(true);
    } finally {
      await asStrings.close();
      await asNumbers.close();
    }
  });

  it('reports each response code to the observer', async () => {
    const { client, responses } = makeClient(upstream.baseUrl);
    await client.fetchBuckets({ category: 'images', width: '1d', startTime: TODAY - DAY, groupBy: ['size'] });
    expect(responses()).toEqual(['200']);
  });
});
