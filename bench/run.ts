// `npm run bench`: /metrics latency and throughput against prom-client, ingest and render times,
// memory, the state file, the upstream request budget and a scrape storm, for 1k to 1M series.
// Prints Markdown tables and writes bench/results.json. `--quick` shortens every phase and
// `--scales=1k,10k` picks scales, for trying changes; the published figures use neither.
// `--orgs=20` adds the case of 20 organizations in one process (5k series each, 500 with --quick).

import { writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { loadConfig } from '../src/config/index.js';
import { compileBench } from './compile.js';
import { type FleetResult, fleetSpec, fleetTable, runFleet } from './fleet-run.js';
import { issue17Targets } from './issue-targets.js';
import { formatJson } from './json-format.js';
import { budgetTable, httpTable, ingestTable, measuredTable, memoryTable, targetTable } from './report.js';
import { bytesTable, floorTable, issueTargetTable, phaseTable } from './report-floor.js';
import { requestBudget, totalPerHour } from './request-budget.js';
import { progress, type RunSettings, runScale, type ScaleResult, type ScaleSpec } from './scale-run.js';
import { simulateHours } from './simulated-hours.js';
import { summarize, targets } from './summary.js';
import { MINUTE_PERIOD, SETTLE_SECONDS } from './workload.js';

const SCALES: readonly ScaleSpec[] = [
  {
    name: '1k',
    series: 1_000,
    rounds: 5,
    ingestRepeats: 3,
    minRequests: 50,
    promtool: false,
    scrapeStorm: false,
    underPollsMs: 6000,
  },
  {
    name: '10k',
    series: 10_000,
    rounds: 5,
    ingestRepeats: 3,
    minRequests: 50,
    promtool: false,
    scrapeStorm: true,
    underPollsMs: 6000,
  },
  {
    name: '100k',
    series: 100_000,
    rounds: 5,
    ingestRepeats: 3,
    minRequests: 20,
    promtool: true,
    scrapeStorm: false,
    underPollsMs: 6000,
  },
  {
    name: '1M',
    series: 1_000_000,
    rounds: 2,
    ingestRepeats: 1,
    // prom-client needs about ten seconds per scrape here; two per phase keep the run under ten minutes.
    minRequests: 2,
    promtool: false,
    scrapeStorm: false,
    // A minute round and its save take seconds here; this holds several.
    underPollsMs: 30_000,
  },
];
const RESULTS_FILE = new URL('./results.json', import.meta.url);

async function main(): Promise<void> {
  const started = performance.now();
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const picked = args
    .find((arg) => arg.startsWith('--scales='))
    ?.slice('--scales='.length)
    .split(',');
  const organizations = Number(args.find((arg) => arg.startsWith('--orgs='))?.slice('--orgs='.length) ?? 0);
  const scales = SCALES.filter((scale) => picked === undefined || picked.includes(scale.name));
  const settings: RunSettings = {
    phaseMs: quick ? 1000 : 3000,
    throughputConnections: 4,
    stormConnections: 200,
    stormMs: quick ? 5000 : 30_000,
  };
  const loadBefore = loadavg();
  progress('compiling src/ and bench/ for the measured processes');
  compileBench();
  const results: ScaleResult[] = [];
  for (const scale of scales)
    results.push(await runScale(quick ? { ...scale, minRequests: 3 } : scale, settings));
  const fleet: FleetResult | undefined =
    organizations > 0 ? await runFleet(fleetSpec(organizations, quick), settings) : undefined;

  progress('request budget of the default configuration, checked over two simulated hours');
  const config = loadConfig([], {}).config;
  const budgets = requestBudget(config);
  const hours = await simulateHours(config);
  const minutes = (performance.now() - started) / 60_000;
  const targetList = targets(results, minutes);
  const issueTargets = issue17Targets(results, fleet);

  const storm = results.find((result) => result.scrapeStorm !== undefined);
  const sections = [
    '## /metrics over HTTP, gzip (1 connection for p50/p99, 4 for req/s)',
    httpTable(results, 'gzip'),
    '## gzip against the floor: a bare node:http server writing the same gzip body from memory (1 connection for p50/p99, 4 for req/s)',
    floorTable(results),
    '## /metrics over HTTP, plain',
    httpTable(results, 'plain'),
    '## Ingest: the first polls (24 h of hours, 60 min of minutes, the month of costs; breakdown of the first run in a fresh process) and the steady minute polls',
    ingestTable(results),
    '## Memory after ingest (after a full GC) and the state file',
    memoryTable(results),
    '## Event-loop delay (monitorEventLoopDelay, 1 ms resolution) and peak RSS per phase',
    phaseTable(results),
    '## Memory per series: what a fresh exporter and its ledgers keep after the first polls, and the bodies',
    bytesTable(results),
    `## Upstream requests in the default configuration (${round1(totalPerHour(budgets, false))}/h without jitter, ${round1(totalPerHour(budgets, true))}/h with it)`,
    budgetTable(budgets),
    'Checked by running the Exporter and its Scheduler in the default configuration against the simulator on a virtual clock for two hours (the first includes the start-up polls):',
    measuredTable(budgets, hours),
    ...(storm?.scrapeStorm === undefined
      ? []
      : [
          `## ${settings.stormConnections} concurrent scrapers for ${settings.stormMs / 1000}s against ${storm.exporter.series} series while polls run`,
          `${storm.scrapeStorm.load.requests} scrapes, ${storm.scrapeStorm.load.errors} errors, p50 ${round1(storm.scrapeStorm.load.p50Ms)} ms, p99 ${round1(storm.scrapeStorm.load.p99Ms)} ms, max ${round1(storm.scrapeStorm.load.maxMs)} ms; ${storm.scrapeStorm.polling.polls} polls meanwhile, ${storm.scrapeStorm.polling.failures} failed, worst render ${round1(storm.scrapeStorm.polling.maxAfterPollMs)} ms`,
        ]),
    ...(fleet === undefined
      ? []
      : [
          `## ${fleet.fleet.organizations} organizations in one process, each its own ids and upstream (gzip, 1 connection; render = the organization's render, the merge with the others' parts and gzip)`,
          fleetTable(
            fleet,
            // The single organization of the same total series (100k beside 20 × 5k, 10k beside 20 × 500).
            results.find(
              (result) => result.spec.series === fleet.spec.organizations * fleet.spec.seriesPerOrganization,
            ),
          ),
        ]),
    '## Targets',
    targetTable(targetList),
    '## Targets of issue 17 (measured / target)',
    issueTargetTable(issueTargets),
  ];
  process.stdout.write(`${sections.join('\n\n')}\n`);

  const results_ = {
    generatedAt: new Date().toISOString(),
    quick,
    minutes: round1(minutes),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: round1(totalmem() / 2 ** 30),
      freeMemoryGb: round1(freemem() / 2 ** 30),
      node: process.version,
      loadAverageBefore: loadBefore.map(round1),
      loadAverageAfter: loadavg().map(round1),
    },
    workload: {
      description:
        'completions by project_id,user_id,api_key_id,model,batch with all 15 token fields (90% of series), embeddings by project_id,api_key_id,model (5%), costs by project_id,line_item (5%); every label set has usage in every hour and in one minute of every MINUTE_PERIOD; buckets grow for SETTLE_SECONDS after they end',
      minutePeriod: MINUTE_PERIOD,
      settleSeconds: SETTLE_SECONDS,
    },
    targets: targetList,
    issue17Targets: issueTargets,
    scales: results.map((result) => ({ summary: summarize(result), ...result })),
    ...(fleet === undefined ? {} : { fleet }),
    requestBudget: { perWidth: budgets, simulatedHours: hours },
  };
  writeFileSync(RESULTS_FILE, `${formatJson(results_)}\n`);
  progress(`done in ${round1(minutes)} minutes; figures in bench/results.json`);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
