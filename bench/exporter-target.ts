// Child process: the real Exporter (pollers, ledgers, renderers, exposition cache, express app) fed
// by generated pages at a fixed clock. Reports ingest, render, memory and state figures, then serves
// /metrics on 127.0.0.1 for the load generator until the runner disconnects.

import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { landingStatus } from '../src/exporter/landing-status.js';
import { createApp } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { LedgerRenderer } from '../src/metrics/ledger-renderer.js';
import { StateKeeper } from '../src/state/state-keeper.js';
import { BenchExporter, benchConfig, silentLogger } from './bench-exporter.js';
import { keepPolling, stateReporter } from './keep-polling.js';
import { measurePhase, PhaseMonitor } from './phase-monitor.js';
import {
  collectGarbage,
  type ExporterTargetReport,
  memoryNow,
  type PollFigure,
  type PollingFigure,
  type RunnerMessage,
} from './protocol.js';
import { measureRetained } from './retained-bytes.js';
import { measureSaves } from './save-stall.js';
import { countSamples } from './stats.js';
import { runTarget, send } from './target-process.js';
import { workloadFor } from './workload.js';

async function main(): Promise<void> {
  const [name = '10k', seriesText = '10000', roundsText = '5', repeatsText = '1'] = process.argv.slice(2);
  const workload = workloadFor(name, Number(seriesText));
  const directory = mkdtempSync(join(tmpdir(), `oue-bench-${name}-`));
  const config = benchConfig(workload, directory);
  const bench = new BenchExporter(workload, config);
  const { exporter } = bench;
  const ingest = await measurePhase(() => bench.initialPolls());
  const initialPolls = ingest.value;
  const steady = await measurePhase(async () => {
    const rounds: PollFigure[][] = [];
    for (let round = 1; round <= Number(roundsText); round++) rounds.push(await bench.minuteRound(round));
    return rounds;
  });
  const steadyRounds = steady.value;

  collectGarbage();
  const memory = memoryNow();
  const render = new PhaseMonitor();
  const renderStarted = performance.now();
  const texts = exporter.pollers.map((poller) =>
    new LedgerRenderer(poller.ledger, exporter.organization).render(Math.floor(bench.now / 1000)),
  );
  const renderOnlyMs = performance.now() - renderStarted;
  const exposition = Buffer.concat(texts);
  // A synchronous stretch: the sampler cannot run inside it, so sample where the most is held.
  render.sample();
  texts.length = 0;
  const gzipStarted = performance.now();
  gzipSync(exposition, { level: 3 });
  const gzipOnlyMs = performance.now() - gzipStarted;
  const renderPhase = render.stop();
  const expositionFile = join(directory, 'exposition.prom');
  writeFileSync(expositionFile, exposition);
  const series = countSamples(exposition.toString('latin1'));
  const keeper = new StateKeeper(directory, 'http://bench/v1', stateReporter, silentLogger, () => bench.now);
  collectGarbage();
  const saving = await measurePhase(() =>
    measureSaves(
      () => keeper.save(exporter.pollers),
      exporter.pollers.map((poller) => poller.ledger),
      Number(seriesText) >= 1_000_000 ? 2 : 3,
    ),
  );
  const save = saving.value;
  const bytes = statSync(join(directory, 'openai-usage-exporter.state.json')).size;
  const loadStarted = performance.now();
  const restored = await keeper.load(config);
  const loadMs = performance.now() - loadStarted;
  restored.clear();

  // The first polls again, in throw-away exporters of the same (now warm) process: one start-up
  // is a single sample of a figure that GC and JIT timing move by tens of percent.
  const repeatedFirstPolls: PollFigure[][] = [];
  for (let repeat = 1; repeat < Number(repeatsText); repeat++) {
    collectGarbage();
    repeatedFirstPolls.push(await new BenchExporter(workload, config).initialPolls());
  }
  const retained = await measureRetained(workload, config);
  collectGarbage();
  const app = createApp({
    telemetryPath: '/metrics',
    exposition: exporter.cache,
    isReady: () => exporter.ready,
    landing: () => landingStatus(exporter, bench.now),
  });
  const server = await listen(app, '127.0.0.1:0');
  const report: ExporterTargetReport = {
    url: `${server.url}/metrics`,
    series,
    labelSets: Object.fromEntries(exporter.pollers.map((p) => [p.spec.id, p.ledger.series.exportedCount])),
    trackedRows: exporter.pollers.reduce((sum, poller) => sum + poller.ledger.trackedRows(), 0),
    plainBytes: exporter.cache.plain.length,
    gzipBytes: exporter.cache.gzip.length,
    initialPolls,
    repeatedFirstPolls,
    steadyRounds,
    renderOnlyMs,
    gzipOnlyMs,
    memory,
    state: { saveMs: save.wallMs, bytes, loadMs, save },
    phases: {
      ingest: ingest.phase,
      steady: steady.phase,
      render: renderPhase,
      // The loop delay of the saves alone: the phase also holds the ledger copies and an idle second.
      save: { ...saving.phase, loopDelay: save.loopDelay },
    },
    retained,
    expositionFile,
  };
  send({ type: 'ready', report });
  let polling: Promise<PollingFigure> | undefined;
  let stop = false;
  process.on('message', (message: RunnerMessage) => {
    if (message.type === 'start-polling') {
      stop = false;
      polling = keepPolling(bench, message.tickMs, () => stop, keeper);
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
