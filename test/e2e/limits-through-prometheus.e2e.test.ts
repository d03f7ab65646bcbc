// The limits as an operator sees them: the exporter process polls the simulator process, a real
// Prometheus scrapes it, and PromQL returns every hard limit the simulator holds and a limits poll
// that succeeded.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/index.js';
import {
  fetchText,
  freePort,
  killAll,
  type RunningPrometheus,
  spawnExporter,
  spawnLogged,
  startPrometheus,
  tempDirectory,
  waitFor,
} from '../support/processes.js';

const SEED = 11;
const SCALE = ['--scale.projects', '6'];
let prometheus: RunningPrometheus | undefined;
let instance = '';

beforeAll(async () => {
  const simulator = spawnLogged(process.execPath, [
    '--import',
    'tsx',
    'simulator/main.ts',
    '--web.listen-address',
    '127.0.0.1:0',
    '--seed',
    String(SEED),
    ...SCALE,
  ]);
  const baseUrl = await waitFor(
    'the simulator to print its base URL',
    async () => /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(simulator.stdout())?.[1],
  );
  instance = `127.0.0.1:${await freePort()}`;
  spawnExporter(
    [
      `--web.listen-address=${instance}`,
      `--openai.base-url=${baseUrl}`,
      `--storage.path=${tempDirectory('oue-limits-')}`,
      '--categories=completions',
      '--openai.requests-per-second=200',
    ],
    { OPENAI_ADMIN_KEY: 'sk-admin-limits-e2e' },
  );
  await waitFor(
    'the exporter to finish its first limits poll',
    async () => {
      const { text } = await fetchText(`http://${instance}/metrics`);
      return /^openai_exporter_polls_total\{organization="default",category="limits",result="success"\} 1$/m.test(
        text,
      )
        ? true
        : undefined;
    },
    90_000,
  );
  prometheus = await startPrometheus([instance]);
  await waitFor(
    'Prometheus to scrape the limits',
    async () => (((await prometheus?.query('openai_spend_limit_usd'))?.length ?? 0) > 0 ? true : undefined),
    60_000,
  );
}, 240_000);

afterAll(async () => {
  killAll();
  await prometheus?.stop();
});

describe('the limits through a real Prometheus', () => {
  it('give openai_spend_limit_usd for the organization and every project with a hard limit', async () => {
    const query = (expr: string) => (prometheus as RunningPrometheus).query(expr);
    const [polled] = await query('openai_exporter_last_success_timestamp_seconds{category="limits"}');
    const limits = createSimulator({ seed: SEED, scale: { projects: 6 } }).limits(
      Number(polled?.value[1]) * 1000,
    );
    const expected = [
      ...(limits.spendLimit === undefined ? [] : [['', limits.spendLimit.thresholdCents / 100] as const]),
      ...limits.projects.flatMap((p) =>
        p.spendLimit === undefined ? [] : [[p.projectId, p.spendLimit.thresholdCents / 100] as const],
      ),
    ];
    expect(limits.projects.some((p) => p.spendLimit === undefined)).toBe(true);
    const served = (await query('openai_spend_limit_usd'))
      .map((r) => [r.metric.project_id ?? '', Number(r.value[1])] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    expect(served).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)));
  });

  it('show the limits poll as successful in openai_exporter_poll_success{category="limits"}', async () => {
    const result = await (prometheus as RunningPrometheus).query(
      'openai_exporter_poll_success{category="limits"}',
    );
    expect(result.map((r) => [r.metric.bucket_width, r.value[1]])).toEqual([[undefined, '1']]);
  });
});
