// Child process: several organizations' real Exporters in one process, each fed by its own
// generated pages (its own ids), rendering into one FleetExposition as the fleet does. Reports the
// first polls, the steady rounds, the render after each poll and every organization's upstream
// requests, then serves /metrics for the load generator until the runner disconnects.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PARTS } from '../src/exporter/exposition-parts.js';
import { VERSION } from '../src/exporter/version.js';
import { createApp } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { FleetExposition } from '../src/metrics/fleet-exposition.js';
import { SelfMetrics } from '../src/metrics/self-metrics.js';
import { BenchExporter, benchConfig } from './bench-exporter.js';
import { organizationNames, organizationWorkload } from './organization-workload.js';
import { measurePhase, PhaseMonitor } from './phase-monitor.js';
import {
  collectGarbage,
  type FleetTargetReport,
  memoryNow,
  type OrganizationRequests,
  type PollFigure,
  type PollingFigure,
  type RunnerMessage,
} from './protocol.js';
import { countSamples, percentile } from './stats.js';
import { runTarget, send } from './target-process.js';

/**
 * One poll cycle: the clock moves a minute and every organization polls as its round asks, side by
 * side, as the fleet's schedulers run them (each organization has its own, on the same intervals):
 * one after another, no two organizations' polls would ever overlap, and work they share (the
 * self-metrics) would be measured once per poll instead of once per burst.
 */
function cycle(benches: readonly BenchExporter[], round: number): Promise<PollFigure[][]> {
  return Promise.all(benches.map((bench) => bench.minuteRound(round)));
}

async function main(): Promise<void> {
  const [countText = '20', perText = '5000', roundsText = '5'] = process.argv.slice(2);
  const names = organizationNames(Number(countText));
  const directory = mkdtempSync(join(tmpdir(), 'oue-bench-fleet-'));
  const metrics = new SelfMetrics({ version: VERSION, revision: 'bench' });
  const exposition = new FleetExposition(names, ALL_PARTS);
  const benches = names.map((name, index) => {
    const workload = organizationWorkload(index, Number(perText));
    return new BenchExporter(workload, benchConfig(workload, join(directory, name)), {
      organization: name,
      parts: exposition.partsFor(name),
      metrics: metrics.organization(name),
    });
  });
  const ingest = await measurePhase(async () => {
    const figures: PollFigure[][] = [];
    for (const bench of benches) figures.push(await bench.initialPolls());
    return figures;
  });
  const steady = await measurePhase(async () => {
    const rounds: PollFigure[][][] = [];
    for (let round = 1; round <= Number(roundsText); round++) rounds.push(await cycle(benches, round));
    return rounds;
  });
  const steadyByOrganization = names.map((_, index) => steady.value.flatMap((round) => round[index] ?? []));
  const requests: OrganizationRequests[] = names.map((organization, index) => {
    const polls = steadyByOrganization[index] ?? [];
    return {
      organization,
      firstPolls: (ingest.value[index] ?? []).reduce((sum, poll) => sum + poll.requests, 0),
      maxPerPoll: Math.max(0, ...polls.map((poll) => poll.requests)),
      steadyPolls: polls.length,
    };
  });
  const afterPoll = Float64Array.from(steadyByOrganization.flat().map((poll) => poll.afterPollMs)).sort();
  collectGarbage();
  const memory = memoryNow();
  const { cache } = exposition;
  const selfSeries = countSamples(await metrics.render());
  const app = createApp({
    telemetryPath: '/metrics',
    exposition: cache,
    isReady: () => true,
    landing: () => ({ version: VERSION, nowSeconds: 0, demo: false, categories: [], organizations: [] }),
  });
  const server = await listen(app, '127.0.0.1:0');
  const report: FleetTargetReport = {
    url: `${server.url}/metrics`,
    organizations: names.length,
    seriesPerOrganization: Number(perText),
    // The self-metrics are one registry for every organization; its text is the shared part.
    series: countSamples(cache.plain.toString('latin1')) - selfSeries,
    selfSeries,
    plainBytes: cache.plain.length,
    gzipBytes: cache.gzip.length,
    directory,
    phases: { ingest: ingest.phase, steady: steady.phase },
    afterPoll: {
      polls: afterPoll.length,
      p50Ms: percentile(afterPoll, 0.5),
      p99Ms: percentile(afterPoll, 0.99),
      maxMs: afterPoll.at(-1) ?? 0,
    },
    requests,
    memory,
  };
  send({ type: 'ready', report });
  let polling: Promise<PollingFigure> | undefined;
  let stop = false;
  let round = Number(roundsText);
  process.on('message', (message: RunnerMessage) => {
    if (message.type === 'start-polling') {
      stop = false;
      polling = (async () => {
        const monitor = new PhaseMonitor();
        let polls = 0;
        let failures = 0;
        let maxAfterPollMs = 0;
        while (!stop) {
          const started = performance.now();
          round += 1;
          try {
            for (const figure of (await cycle(benches, round)).flat()) {
              polls += 1;
              maxAfterPollMs = Math.max(maxAfterPollMs, figure.afterPollMs);
            }
          } catch {
            failures += 1;
          }
          const rest = message.tickMs - (performance.now() - started);
          if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        }
        // No state saves here: each organization's save is its own, measured in the single scales.
        return { polls, saves: 0, failures, maxAfterPollMs, phase: monitor.stop() };
      })();
    } else if (message.type === 'stop-polling') {
      stop = true;
      void polling?.then((figure) => send({ type: 'polling-stopped', figure }));
    }
  });
  process.on('disconnect', () => {
    void server.close().then(() => process.exit(0));
  });
}

runTarget(main);
