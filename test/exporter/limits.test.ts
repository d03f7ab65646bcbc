// The organization's own limits, end to end in process: the exporter polls the simulator and
// serves what the simulator holds, keeps it through failures, and leaves it out when turned off.

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSimulator,
  LIMITS_PERIOD_SECONDS,
  type RunningSimulator,
  type Simulator,
} from '../../simulator/index.js';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { landingStatus } from '../../src/exporter/landing-status.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { AdminDirectoryClient, LimitsClient, UsageClient } from '../../src/openai/index.js';
import { type ParsedExposition, parseExposition, sumOf } from '../support/exposition.js';
import { expectedLimitsSeries, servedLimitsSeries } from '../support/limits-series.js';

const ADMIN_KEY = 'sk-admin-LimitsTest0123456789abcdefSECRET';
const START_MS = Date.UTC(2026, 10, 20, 9, 30, 17);
/** The simulator's first project (seed 7): the names listing of it stays untouched by the faults. */
const PROJECT = createSimulator({ seed: 7, scale: { projects: 6 } }).organization.projects[0]?.id ?? '';
const LIMITS_PATHS = /spend_limit|spend_alerts|rate_limits/;

let now = START_MS;
let simulator: Simulator;
let upstream: RunningSimulator;
const logs: string[] = [];

beforeAll(async () => {
  simulator = createSimulator({ seed: 7, now: () => now, scale: { projects: 6 } });
  upstream = await simulator.listen();
});
afterAll(() => upstream.close());

/** An exporter of completions (the headroom's main source), the names and the limits. */
function exporterWith(argv: readonly string[] = []): Exporter {
  const { config } = loadConfig(['--categories=completions', ...argv], {});
  const metrics = new SelfMetrics({ version: 'test', revision: 'test' });
  const connection = { baseUrl: upstream.baseUrl, adminKey: ADMIN_KEY, sleep: async () => {} };
  const observer = { onResponse: (subject: string, code: string) => metrics.upstreamResponse(subject, code) };
  return new Exporter({
    config,
    source: new UsageClient({ ...connection, observer }),
    directory: new AdminDirectoryClient({ ...connection, observer }),
    limits: new LimitsClient({ ...connection, observer, maxRetries: 1 }),
    logger: pino({ level: 'debug' }, { write: (line: string) => logs.push(line) }),
    nowMs: () => now,
    metrics,
  });
}

const served = (exporter: Exporter): string => exporter.cache.plain.toString();
const parsed = (exporter: Exporter): ParsedExposition => parseExposition(served(exporter));
const pollSuccess = (exporter: Exporter, category: string): number =>
  sumOf(parsed(exporter), 'openai_exporter_poll_success', { category });

describe('the limits an exporter serves', () => {
  let exporter: Exporter;
  beforeAll(async () => {
    now = START_MS;
    exporter = exporterWith();
    expect(await exporter.pollAll()).toBe(true);
  });

  it('equal every limit the simulator holds, for the organization and each active project', () => {
    const limits = simulator.limits();
    expect(limits.projects).toHaveLength(6);
    expect(servedLimitsSeries(served(exporter))).toEqual(expectedLimitsSeries(limits));
  });

  it('leave out the hard limit of a project whose spend_limit answers 404', () => {
    const unset = simulator.limits().projects.filter((p) => p.spendLimit === undefined);
    expect(unset.length).toBeGreaterThan(0);
    const limited = parsed(exporter).samples.filter((s) => s.name === 'openai_spend_limit_usd');
    for (const project of unset) {
      expect(limited.some((s) => s.labels.project_id === project.projectId)).toBe(false);
    }
    expect(pollSuccess(exporter, 'limits')).toBe(1);
  });

  it('report their poll as category="limits" without a bucket_width, and show it on the landing page', () => {
    const samples = parsed(exporter).samples.filter((s) => s.labels.category === 'limits');
    expect(samples.find((s) => s.name === 'openai_exporter_poll_success')).toEqual({
      name: 'openai_exporter_poll_success',
      labels: { organization: 'default', category: 'limits' },
      value: 1,
    });
    expect(samples.some((s) => s.name === 'openai_exporter_last_success_timestamp_seconds')).toBe(true);
    expect(
      sumOf(parsed(exporter), 'openai_exporter_polls_total', { category: 'limits', result: 'success' }),
    ).toBe(1);
    expect(landingStatus(exporter, now).limits).toEqual({
      attempted: true,
      lastSuccess: Math.floor(now / 1000),
    });
  });

  it('give the peak tokens and requests per minute of each project and rate-limit model in the 1m window', async () => {
    const fine = [...(exporter.ledger('completions')?.fineBuckets() ?? [])];
    expect(fine.length).toBeGreaterThan(1);
    const windowStart = fine[0]?.startTime ?? 0;
    // The same minutes read straight from the simulator, mapped by the documented rule.
    const { buckets } = await new UsageClient({
      baseUrl: upstream.baseUrl,
      adminKey: ADMIN_KEY,
    }).fetchBuckets({
      category: 'completions',
      width: '1m',
      startTime: windowStart,
      endTime: Math.floor(now / 1000),
      groupBy: ['project_id', 'model', 'batch'],
    });
    const fields = CATEGORIES.completions.fields.map((f) => f.field);
    const at = (values: readonly number[], field: string) => values[fields.indexOf(field)] ?? 0;
    const models = new Map(
      simulator.limits().projects.map((p) => [p.projectId, p.rateLimits.map((r) => r.model)]),
    );
    const perMinute = new Map<string, Map<number, [number, number]>>();
    for (const bucket of buckets) {
      for (const row of bucket.rows) {
        const [project = '', model = '', batch] = row.labels;
        if (batch === 'true') continue;
        const limit = (models.get(project) ?? [])
          .filter((name) => model.startsWith(name))
          .sort((a, b) => b.length - a.length)[0];
        if (limit === undefined) continue;
        const key = `${project} ${limit}`;
        const minutes = perMinute.get(key) ?? new Map<number, [number, number]>();
        perMinute.set(key, minutes);
        const [tokens, requests] = minutes.get(bucket.startTime) ?? [0, 0];
        minutes.set(bucket.startTime, [
          tokens + at(row.values, 'input_tokens') + at(row.values, 'output_tokens'),
          requests + at(row.values, 'num_model_requests'),
        ]);
      }
    }
    const expected = (index: 0 | 1) =>
      [...perMinute]
        .map(([key, minutes]) => `${key} ${Math.max(...[...minutes.values()].map((v) => v[index]))}`)
        .sort();
    const peaks = (name: string) =>
      parsed(exporter)
        .samples.filter((s) => s.name === name)
        .map((s) => `${s.labels.project_id} ${s.labels.model} ${s.value}`)
        .sort();
    expect(perMinute.size).toBeGreaterThan(0);
    expect(peaks('openai_project_peak_tokens_per_minute')).toEqual(expected(0));
    expect(peaks('openai_project_peak_requests_per_minute')).toEqual(expected(1));
  });

  it('follow a limit the simulator changes, on the next limits poll', async () => {
    const before = servedLimitsSeries(served(exporter));
    now += LIMITS_PERIOD_SECONDS * 1000;
    expect(await exporter.pollAll()).toBe(true);
    const after = servedLimitsSeries(served(exporter));
    expect(after).not.toEqual(before);
    expect(after).toEqual(expectedLimitsSeries(simulator.limits()));
  });

  it.each([
    ['a 5xx', { kind: 'status', status: 503, pathPrefix: 'organization/spend_alerts' }],
    // A key without the permission for the limits endpoints.
    ['a 403', { kind: 'status', status: 403, pathPrefix: 'organization/spend_limit' }],
    [
      'a malformed answer',
      { kind: 'malformed-json', pathPrefix: `organization/projects/${PROJECT}/rate_limits` },
    ],
  ] as const)(
    'keep the last good values through %s, count a failed limits poll, and leave usage alone',
    async (_what, fault) => {
      const good = servedLimitsSeries(served(exporter));
      const failures = sumOf(parsed(exporter), 'openai_exporter_polls_total', {
        category: 'limits',
        result: 'failure',
      });
      const usageBefore = sumOf(parsed(exporter), 'openai_completions_requests_total');
      simulator.faults.inject(fault);
      try {
        // A new period: the simulator's limits changed, and the exporter must not show half of it.
        now += LIMITS_PERIOD_SECONDS * 1000;
        expect(await exporter.pollAll()).toBe(false);
      } finally {
        simulator.faults.clear();
      }
      expect(servedLimitsSeries(served(exporter))).toEqual(good);
      expect(pollSuccess(exporter, 'limits')).toBe(0);
      expect(
        sumOf(parsed(exporter), 'openai_exporter_polls_total', { category: 'limits', result: 'failure' }),
      ).toBe(failures + 1);
      expect(pollSuccess(exporter, 'completions')).toBe(2);
      expect(pollSuccess(exporter, 'names')).toBe(1);
      expect(sumOf(parsed(exporter), 'openai_completions_requests_total')).toBeGreaterThan(usageBefore);
      expect(exporter.limits?.poller.progress.lastError).toBeDefined();
      expect(landingStatus(exporter, now).limits?.lastError).toBeDefined();
    },
  );

  it('never carry the admin key into metrics or logs', () => {
    expect(served(exporter)).not.toContain(ADMIN_KEY);
    expect(logs.join('')).not.toContain(ADMIN_KEY);
    expect(logs.some((line) => line.includes('"category":"limits"'))).toBe(true);
  });
});

describe('--limits.enabled=false', () => {
  it('serves no limits series and sends no limits request', async () => {
    now = START_MS;
    simulator.stats.reset();
    const exporter = exporterWith(['--limits.enabled=false']);
    expect(await exporter.pollAll()).toBe(true);
    expect(servedLimitsSeries(served(exporter))).toEqual([]);
    expect(served(exporter)).not.toMatch(/openai_project_peak_|category="limits"/);
    expect(Object.keys(simulator.stats.byPath()).filter((path) => LIMITS_PATHS.test(path))).toEqual([]);
    expect(exporter.limits).toBeUndefined();
    expect(landingStatus(exporter, now).limits).toBeUndefined();
  });
});

describe('limits without names (--names.enabled=false)', () => {
  it('reads only the organization limits, since no project list is known', async () => {
    now = START_MS;
    simulator.stats.reset();
    const exporter = exporterWith(['--names.enabled=false']);
    expect(await exporter.pollAll()).toBe(true);
    const limits = simulator.limits();
    expect(servedLimitsSeries(served(exporter))).toEqual(expectedLimitsSeries({ ...limits, projects: [] }));
    expect(
      Object.keys(simulator.stats.byPath()).filter((path) => path.startsWith('organization/projects')),
    ).toEqual([]);
  });
});
