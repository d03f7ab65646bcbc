// One scale of the benchmark: the exporter with its workload in one process, the load generator
// in another, then prom-client with the same series, measured the same way in the same run.

import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { saveBodies } from './body-fetch.js';
import { ChildFailedError, runLoadGenerator, startTarget, type Target } from './children.js';
import { type PairedFigure, pairedLatency, startFloor } from './floor.js';
import { checkWithPromtool, type PromtoolFigure } from './promtool.js';
import type {
  ExporterTargetReport,
  LoadFigure,
  LoadOptions,
  PollingFigure,
  PromClientTargetReport,
  StaticTargetReport,
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
  /** How long one scraper runs while polls and saves run (several rounds at every scale). */
  readonly underPollsMs: number;
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

/** Scrapes while the exporter polls once a second and saves after every round. */
export interface ScrapeStormFigure {
  readonly load: LoadFigure;
  readonly polling: PollingFigure;
}

export interface ScaleResult {
  readonly spec: ScaleSpec;
  readonly exporter: ExporterTargetReport & {
    readonly http: TargetHttp;
    /** One gzip scraper, as in the latency phases, while polls and saves run. */
    readonly underPolls: ScrapeStormFigure;
  };
  /** The floor: the exporter's own bodies written from memory by a bare node:http server. */
  readonly staticBody:
    | (StaticTargetReport & { readonly http: TargetHttp; readonly paired: PairedFigure })
    | { readonly error: string };
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

/** Alternating gzip latency runs of the exporter and the floor, and the length of each. */
const FLOOR_PAIRS = 5;
const PAIR_MS = 1000;

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
  let underPolls: ScrapeStormFigure;
  let staticBody: ScaleResult['staticBody'];
  const directory = dirname(exporter.report.expositionFile);
  try {
    // The floor is measured beside the exporter, which idles meanwhile, so both see the same load.
    progress(`${spec.name}: the exporter's bodies written from memory by a bare server (the floor)`);
    const floor = await startFloor(await saveBodies(exporter.report.url, directory));
    if ('error' in floor) {
      staticBody = floor;
      ours = await measureHttp(exporter.report.url, spec, settings);
    } else {
      try {
        const floorHttp = await measureHttp(floor.report.url, spec, settings);
        progress(`${spec.name}: scraping the exporter (${exporter.report.series} series)`);
        ours = await measureHttp(exporter.report.url, spec, settings);
        progress(`${spec.name}: gzip latency, exporter and floor alternating, ${FLOOR_PAIRS} pairs`);
        const phase = { ...latencyPhase(exporter.report.url, true, spec, settings), durationMs: PAIR_MS };
        const paired = await pairedLatency(exporter.report.url, floor.report.url, phase, FLOOR_PAIRS);
        staticBody = { ...floor.report, http: floorHttp, paired };
      } finally {
        await floor.stop();
      }
    }
    if (spec.promtool) promtool = await checkWithPromtool(exporter.report.url);
    progress(`${spec.name}: one scraper for ${spec.underPollsMs / 1000}s while polls and saves run`);
    underPolls = await scrapeWhilePolling(exporter, {
      ...latencyPhase(exporter.report.url, true, spec, settings),
      durationMs: spec.underPollsMs,
      maxMs: spec.underPollsMs * 3,
    });
    if (spec.scrapeStorm) {
      progress(
        `${spec.name}: ${settings.stormConnections} scrapers for ${settings.stormMs / 1000}s while polls run`,
      );
      scrapeStorm = await scrapeWhilePolling(exporter, {
        url: exporter.report.url,
        connections: settings.stormConnections,
        gzip: true,
        durationMs: settings.stormMs,
        minRequests: 0,
        maxRequests: Number.MAX_SAFE_INTEGER,
        maxMs: settings.stormMs * 3,
        verifyEvery: 25,
      });
    }
  } finally {
    await exporter.stop();
  }
  progress(`${spec.name}: prom-client register.metrics() with the same series`);
  const promClient = await measureChild<PromClientTargetReport>(
    'bench/prom-client-target.ts',
    [exporter.report.expositionFile],
    spec,
    settings,
  );
  rmSync(directory, { recursive: true, force: true });
  return {
    spec,
    exporter: { ...exporter.report, http: ours, underPolls },
    staticBody,
    promClient,
    ...(promtool === undefined ? {} : { promtool }),
    ...(scrapeStorm === undefined ? {} : { scrapeStorm }),
  };
}

export async function scrapeWhilePolling(
  exporter: Target<unknown>,
  load: LoadOptions,
): Promise<ScrapeStormFigure> {
  exporter.send({ type: 'start-polling', tickMs: 1000 });
  const figure = await runLoadGenerator(load);
  const stopped = exporter.next('polling-stopped');
  exporter.send({ type: 'stop-polling' });
  const message = await stopped;
  if (message.type !== 'polling-stopped') throw new ChildFailedError('unexpected message');
  return { load: figure, polling: message.figure };
}

/** A target the runner only scrapes; a child that dies (e.g. of an exhausted heap) is a reported failure. */
async function measureChild<R extends { readonly url: string }>(
  script: string,
  args: readonly string[],
  spec: ScaleSpec,
  settings: RunSettings,
): Promise<(R & { readonly http: TargetHttp }) | { readonly error: string }> {
  try {
    const target = await startTarget<R>(script, args, ['--expose-gc', '--max-old-space-size=8192']);
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

export function latencyPhase(
  url: string,
  gzip: boolean,
  spec: Pick<ScaleSpec, 'minRequests'>,
  settings: RunSettings,
): LoadOptions {
  return {
    url,
    connections: 1,
    gzip,
    durationMs: settings.phaseMs,
    minRequests: spec.minRequests,
    maxRequests: 100_000,
    maxMs: 90_000,
    verifyEvery: 0,
  };
}

export async function measureHttp(
  url: string,
  spec: Pick<ScaleSpec, 'minRequests'>,
  settings: RunSettings,
): Promise<TargetHttp> {
  const figures = async (gzip: boolean): Promise<HttpFigures> => ({
    latency: await runLoadGenerator(latencyPhase(url, gzip, spec, settings)),
    throughput: await runLoadGenerator({
      ...latencyPhase(url, gzip, spec, settings),
      connections: settings.throughputConnections,
    }),
  });
  return { plain: await figures(false), gzip: await figures(true) };
}

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
