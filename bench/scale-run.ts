// One scale of the benchmark: the exporter with its workload in one process, the load generator
// in another, then prom-client with the same series, measured the same way in the same run.

import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ChildFailedError, runLoadGenerator, startTarget } from './children.js';
import { checkWithPromtool, type PromtoolFigure } from './promtool.js';
import type {
  ExporterTargetReport,
  LoadFigure,
  LoadOptions,
  PollingFigure,
  PromClientTargetReport,
} from './protocol.js';

export interface ScaleSpec {
  readonly name: string;
  readonly series: number;
  /** Steady-state minute rounds after the first polls. */
  readonly rounds: number;
  /** How often the first polls are run in all (the first in a fresh process). */
  readonly ingestRepeats: number;
  /** Fewest scrapes per phase; prom-client at 1M takes seconds per scrape. */
  readonly minRequests: number;
  readonly promtool: boolean;
  readonly scrapeStorm: boolean;
}

export interface HttpFigures {
  /** One connection, one scrape after another: what a scrape costs. */
  readonly latency: LoadFigure;
  /** Several connections at once: how many scrapes per second the server sustains. */
  readonly throughput: LoadFigure;
}

export interface TargetHttp {
  readonly plain: HttpFigures;
  readonly gzip: HttpFigures;
}

export interface ScrapeStormFigure {
  readonly load: LoadFigure;
  readonly polling: PollingFigure;
}

export interface ScaleResult {
  readonly spec: ScaleSpec;
  readonly exporter: ExporterTargetReport & { readonly http: TargetHttp };
  readonly promClient: (PromClientTargetReport & { readonly http: TargetHttp }) | { readonly error: string };
  readonly promtool?: PromtoolFigure;
  readonly scrapeStorm?: ScrapeStormFigure;
}

export interface RunSettings {
  readonly phaseMs: number;
  readonly throughputConnections: number;
  readonly stormConnections: number;
  readonly stormMs: number;
}

export async function runScale(spec: ScaleSpec, settings: RunSettings): Promise<ScaleResult> {
  progress(`${spec.name}: generating, ingesting and rendering ${spec.series} series`);
  const heap = `--max-old-space-size=${spec.series >= 1_000_000 ? 8192 : 4096}`;
  const exporter = await startTarget<ExporterTargetReport>(
    'bench/exporter-target.ts',
    [spec.name, String(spec.series), String(spec.rounds), String(spec.ingestRepeats)],
    ['--expose-gc', heap],
  );
  let promtool: PromtoolFigure | undefined;
  let scrapeStorm: ScrapeStormFigure | undefined;
  let ours: TargetHttp;
  try {
    progress(`${spec.name}: scraping the exporter (${exporter.report.series} series)`);
    ours = await measureHttp(exporter.report.url, spec, settings);
    if (spec.promtool) promtool = await checkWithPromtool(exporter.report.url);
    if (spec.scrapeStorm) {
      progress(
        `${spec.name}: ${settings.stormConnections} scrapers for ${settings.stormMs / 1000}s while polls run`,
      );
      exporter.send({ type: 'start-polling', tickMs: 1000 });
      const load = await runLoadGenerator({
        url: exporter.report.url,
        connections: settings.stormConnections,
        gzip: true,
        durationMs: settings.stormMs,
        minRequests: 0,
        maxRequests: Number.MAX_SAFE_INTEGER,
        maxMs: settings.stormMs * 3,
        verifyEvery: 25,
      });
      const stopped = exporter.next('polling-stopped');
      exporter.send({ type: 'stop-polling' });
      const message = await stopped;
      if (message.type === 'polling-stopped') scrapeStorm = { load, polling: message.figure };
    }
  } finally {
    await exporter.stop();
  }
  progress(`${spec.name}: prom-client register.metrics() with the same series`);
  const promClient = await measurePromClient(exporter.report.expositionFile, spec, settings);
  rmSync(dirname(exporter.report.expositionFile), { recursive: true, force: true });
  return {
    spec,
    exporter: { ...exporter.report, http: ours },
    promClient,
    ...(promtool === undefined ? {} : { promtool }),
    ...(scrapeStorm === undefined ? {} : { scrapeStorm }),
  };
}

async function measurePromClient(
  file: string,
  spec: ScaleSpec,
  settings: RunSettings,
): Promise<ScaleResult['promClient']> {
  try {
    const target = await startTarget<PromClientTargetReport>(
      'bench/prom-client-target.ts',
      [file],
      ['--expose-gc', '--max-old-space-size=8192'],
    );
    try {
      return { ...target.report, http: await measureHttp(target.report.url, spec, settings) };
    } finally {
      await target.stop();
    }
  } catch (error) {
    if (error instanceof ChildFailedError) return { error: error.message.split('\n')[0] ?? error.message };
    throw error;
  }
}

async function measureHttp(url: string, spec: ScaleSpec, settings: RunSettings): Promise<TargetHttp> {
  const phase = (gzip: boolean, connections: number): LoadOptions => ({
    url,
    connections,
    gzip,
    durationMs: settings.phaseMs,
    minRequests: spec.minRequests,
    maxRequests: 100_000,
    maxMs: 90_000,
    verifyEvery: 0,
  });
  const figures = async (gzip: boolean): Promise<HttpFigures> => ({
    latency: await runLoadGenerator(phase(gzip, 1)),
    throughput: await runLoadGenerator(phase(gzip, settings.throughputConnections)),
  });
  return { plain: await figures(false), gzip: await figures(true) };
}

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
