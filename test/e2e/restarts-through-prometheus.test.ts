import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../simulator/index.js';
import { CATEGORIES, CATEGORY_IDS } from '../../src/catalog/categories.js';
import { scrapeUntilExact } from '../support/exactness.js';
import {
  fetchText,
  freePort,
  killAll,
  type RunningPrometheus,
  type Spawned,
  spawnExporter,
  startPrometheus,
  tempDirectory,
  waitFor,
} from '../support/processes.js';

// Traffic keeps flowing while the exporter is SIGKILLed twice and once kept down for longer than
// its 1m window; a real Prometheus scrapes it every second throughout. At the end the counters
// must equal the upstream's final totals and Prometheus must have seen no counter reset.
const FINALIZATION = 15;
const TRAFFIC_SECONDS = 110;
let upstream: RunningSimulator | undefined;
let prometheus: RunningPrometheus | undefined;

afterAll(async () => {
  killAll();
  await prometheus?.stop();
  await upstream?.close();
});

describe('restarts and outages', () => {
  it('lose nothing and count nothing twice, as seen by a real Prometheus', async () => {
    const started = Math.floor(Date.now() / 1000);
    const trafficEnd = started + TRAFFIC_SECONDS;
    const simulator = createSimulator({
      seed: 23,
      finalizationDelaySeconds: FINALIZATION,
      trafficEndTime: trafficEnd,
    });
    upstream = await simulator.listen();
    const port = await freePort();
    const storage = tempDirectory('oue-restarts-');
    const base = `http://127.0.0.1:${port}`;
    const args = [
      `--web.listen-address=127.0.0.1:${port}`,
      `--openai.base-url=${upstream.baseUrl}`,
      '--poll.interval=1s',
      '--poll.window=1m',
      '--poll.hourly-interval=3s',
      '--costs.interval=2s',
      '--openai.requests-per-second=200',
      `--storage.path=${storage}`,
    ];
    const start = async (): Promise<Spawned> => {
      const exporter = spawnExporter(args, { OPENAI_ADMIN_KEY: 'sk-admin-restarts' });
      await waitFor('the exporter to be ready', async () =>
        (await fetchText(`${base}/-/ready`)).status === 200 ? true : undefined,
      );
      return exporter;
    };
    const killHard = async (exporter: Spawned) => {
      exporter.child.kill('SIGKILL');
      expect(await exporter.exited).toBe('SIGKILL');
    };
    prometheus = await startPrometheus([`127.0.0.1:${port}`]);

    let exporter = await start();
    await sleep(6_000);
    await killHard(exporter);
    exporter = await start();
    // Polls save state every second or so; a kill a few hundred ms after one lands mid-write often.
    await sleep(4_300);
    await killHard(exporter);
    await sleep(70_000);
    exporter = await start();

    await sleep(Math.max(0, (trafficEnd + FINALIZATION + 5) * 1000 - Date.now()));
    const { mismatches } = await scrapeUntilExact(`${base}/metrics`, simulator.truth, trafficEnd + 60);
    expect(mismatches).toEqual([]);

    await sleep(2_000);
    const window = `${Math.ceil(Date.now() / 1000) - started + 5}s`;
    // The product's counters; the exporter's own process counters restart with it, as any process's do.
    // Range functions drop the metric name, so each family is asked on its own.
    const families = CATEGORY_IDS.flatMap((id) =>
      CATEGORIES[id].fields.filter((f) => f.kind === 'counter').map((f) => f.metric),
    );
    let seriesSeen = 0;
    for (const family of families) {
      const present = await prometheus.query(`count(count_over_time(${family}[${window}]))`);
      seriesSeen += Number(present[0]?.value[1] ?? 0);
      const resets = await prometheus.query(`resets(${family}[${window}]) > 0`);
      expect(
        resets.map((r) => r.metric),
        family,
      ).toEqual([]);
    }
    expect(seriesSeen).toBeGreaterThan(20);
    const restarts = await prometheus.query(`changes(process_start_time_seconds[${window}])`);
    expect(Number(restarts[0]?.value[1])).toBeGreaterThanOrEqual(2);
    exporter.child.kill('SIGTERM');
    expect(await exporter.exited).toBe(0);
  }, 240_000);
});
