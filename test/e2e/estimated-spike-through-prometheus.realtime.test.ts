// The spend spike as an operator meets it: the exporter process polls a simulator whose usage
// turns tenfold for 10 minutes, a real Prometheus scrapes the exporter and evaluates the shipped
// rules file, and the estimated-spend alert fires within 15 minutes of the spike's start while the
// billed-cost alert has not seen it. The spike alert needs a week of history for its baseline,
// which no live run has: it is backfilled from the simulator's bill (test/support/estimate-history.ts),
// ending a day before the run so that no rate window spans history and live samples.
//
// Prometheus keeps wall-clock time, and the alert holds "for: 5m": the alert fires about 8 minutes
// into the spike, and nothing here can be played faster without faking Prometheus's clock.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../simulator/index.js';
import { promtool } from '../grafana/promtool.js';
import { RULES_DIR, RULES_FILE } from '../grafana/rules-files.js';
import { estimateHistory } from '../support/estimate-history.js';
import {
  fetchText,
  freePort,
  killAll,
  type RunningPrometheus,
  spawnExporter,
  startPrometheus,
  tempDirectory,
  waitFor,
} from '../support/processes.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const SPIKE_SECONDS = 10 * MINUTE;
/** The promise: the alert fires within 15 minutes of the spike's start. */
const PROMISED_SECONDS = 15 * MINUTE;
/** Time to start the exporter and Prometheus, once the history is backfilled, before the spike. */
const SETUP_SECONDS = 90;
const SEED = 23;
const JOB = 'openai-usage-exporter';
/** The `organization` label of an exporter with one organization and no --organization.name. */
const ORGANIZATION = 'default';

let upstream: RunningSimulator | undefined;
let prometheus: RunningPrometheus | undefined;
let spikeStart = 0;
/** When Prometheus first scraped the exporter, in unix seconds. */
let scrapedFrom = 0;

const query = (expr: string, time?: number) => (prometheus as RunningPrometheus).query(expr, time);
const nowSeconds = () => Date.now() / 1000;

beforeAll(async () => {
  const instance = `127.0.0.1:${await freePort()}`;
  // The baseline of an evaluation at t reads 23h30m to 6d23h30m back, an hour wide, of the 10m
  // rate: with the spike starting within 15 minutes of `began`, every evaluation until the promise
  // runs out reads inside the history. The simulator of the history has the same seed, and the
  // spike changes no minute of it.
  const began = Math.floor(nowSeconds() / MINUTE) * MINUTE;
  const dir = tempDirectory('oue-spike-');
  const history = join(dir, 'history.om');
  writeFileSync(
    history,
    estimateHistory(
      createSimulator({ seed: SEED }),
      { job: JOB, instance, organization: ORGANIZATION },
      began - 7 * DAY - HOUR,
      began - 23 * HOUR,
    ),
  );
  const backfill = await promtool(['tsdb', 'create-blocks-from', 'openmetrics', history, 'data'], dir);
  if (!backfill.ok) throw new Error(`backfilling the history failed:\n${backfill.output}`);

  spikeStart = Math.ceil((nowSeconds() + SETUP_SECONDS) / MINUTE) * MINUTE;
  if (spikeStart - began > PROMISED_SECONDS)
    throw new Error('backfilling took longer than the history covers');
  const simulator = createSimulator({
    seed: SEED,
    finalizationDelaySeconds: 20,
    spike: { fromTime: spikeStart, durationSeconds: SPIKE_SECONDS, factor: 10 },
  });
  upstream = await simulator.listen();

  // The bill lands hours after the usage upstream, but the simulator bills within its
  // finalization delay: reading the bill hourly stands in for that lag.
  spawnExporter(
    [
      `--web.listen-address=${instance}`,
      `--openai.base-url=${upstream.baseUrl}`,
      `--storage.path=${tempDirectory('oue-spike-state-')}`,
      '--poll.interval=5s',
      '--costs.interval=1h',
      '--openai.requests-per-second=200',
    ],
    { OPENAI_ADMIN_KEY: 'sk-admin-spike-e2e' },
  );
  // Scraping only once every first poll is done keeps the day the first start counts out of
  // every rate: it is in the first sample already.
  await waitFor(
    'the exporter to be ready',
    async () => ((await fetchText(`http://${instance}/-/ready`)).status === 200 ? true : undefined),
    120_000,
  );
  prometheus = await startPrometheus([instance], [join(RULES_DIR, RULES_FILE)], join(dir, 'data'));
  await waitFor(
    'Prometheus to scrape the estimate',
    async () => ((await query('openai_cost_estimated_usd_total')).length > 0 ? true : undefined),
    60_000,
  );
  scrapedFrom = nowSeconds();
}, 240_000);

afterAll(async () => {
  killAll();
  await prometheus?.stop();
  await upstream?.close();
});

describe('a tenfold spend spike through a real Prometheus', () => {
  it('backfills the history the recording rule would have recorded from it', async () => {
    const past = spikeStart - 2 * DAY;
    const [recorded] = await query('instance:openai_cost_estimated_usd_per_hour:rate10m', past);
    const [ruled] = await query(
      'sum by (job, instance, organization) (rate(openai_cost_estimated_usd_total[10m])) * 3600',
      past,
    );
    expect(Number(recorded?.value[1])).toBeGreaterThan(1);
    expect(Number(recorded?.value[1])).toBeCloseTo(Number(ruled?.value[1]), 9);
  });

  it('gives the live rate a baseline from the history, label for label', async () => {
    // The alert compares series one to one: a history labelled differently from the live series
    // (it once lacked `organization`) leaves the comparison empty, and the alert never even pends.
    const compared = await waitFor(
      'the live 10m rate to meet its baseline',
      async () => {
        const matched = await query(
          'instance:openai_cost_estimated_usd_per_hour:rate10m' +
            ' / on (job, instance, organization) instance:openai_cost_estimated_usd_per_hour:max_same_hour_7d',
        );
        return matched.length > 0 ? matched : undefined;
      },
      30_000,
    );
    expect(compared).toHaveLength(1);
  });

  it(
    'fires OpenAIEstimatedSpendSpike within 15 minutes of its start; OpenAISpendSpike stays quiet',
    async () => {
      expect(scrapedFrom, 'Prometheus must scrape before the spike starts').toBeLessThan(spikeStart);
      const firedAt = await waitFor(
        'OpenAIEstimatedSpendSpike to fire',
        async () => {
          const firing = await query('ALERTS{alertname="OpenAIEstimatedSpendSpike", alertstate="firing"}');
          return firing.length > 0 ? nowSeconds() : undefined;
        },
        (spikeStart + PROMISED_SECONDS) * 1000 - Date.now(),
      ).catch(async (error: Error) => {
        const rate = await query('instance:openai_cost_estimated_usd_per_hour:rate10m');
        const baseline = await query('instance:openai_cost_estimated_usd_per_hour:max_same_hour_7d');
        const states = await query('ALERTS{alertname="OpenAIEstimatedSpendSpike"}');
        throw new Error(
          `${error.message}; rate10m ${JSON.stringify(rate[0]?.metric)} ${rate[0]?.value[1]} USD/h,` +
            ` baseline ${JSON.stringify(baseline[0]?.metric)} ${baseline[0]?.value[1]} USD/h,` +
            ` alert states ${JSON.stringify(states.map((s) => s.metric.alertstate))}`,
        );
      });
      expect(firedAt - spikeStart).toBeLessThan(PROMISED_SECONDS);

      // Not a false alarm of the history or the first start: quiet, not even pending, until the spike.
      const quietBefore = Math.floor(spikeStart - scrapedFrom);
      expect(
        await query(
          `count_over_time(ALERTS{alertname="OpenAIEstimatedSpendSpike"}[${quietBefore}s])`,
          spikeStart,
        ),
      ).toEqual([]);
      const wholeRun = Math.ceil(nowSeconds() - scrapedFrom);
      expect(await query(`count_over_time(ALERTS{alertname="OpenAISpendSpike"}[${wholeRun}s])`)).toEqual([]);
    },
    (SETUP_SECONDS + PROMISED_SECONDS + 2 * MINUTE) * 1000,
  );
});
