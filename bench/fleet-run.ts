// The 20-organization case (issue 16 item 7, issue 17): the fleet's exporters in one process, the
// static-body floor of its own bodies, one scraper while every organization polls, and each
// organization's upstream requests against its budget in the default configuration.

import { rmSync } from 'node:fs';
import { loadConfig } from '../src/config/index.js';
import { saveBodies } from './body-fetch.js';
import { startTarget } from './children.js';
import { type PairedFigure, pairedLatency, startFloor } from './floor.js';
import type { FleetTargetReport, StaticTargetReport } from './protocol.js';
import { markdownTable } from './report.js';
import { requestBudget } from './request-budget.js';
import {
  latencyPhase,
  measureHttp,
  progress,
  type RunSettings,
  type ScaleResult,
  type ScrapeStormFigure,
  scrapeWhilePolling,
  type TargetHttp,
} from './scale-run.js';
import { round } from './stats.js';

export interface FleetSpec {
  /** e.g. `20x5k`. */
  readonly name: string;
  readonly organizations: number;
  readonly seriesPerOrganization: number;
  /** Steady poll cycles (a minute of every organization each) after the first polls. */
  readonly rounds: number;
  readonly minRequests: number;
  readonly underPollsMs: number;
}

export interface FleetResult {
  readonly spec: FleetSpec;
  readonly fleet: FleetTargetReport & { readonly http: TargetHttp; readonly underPolls: ScrapeStormFigure };
  readonly staticBody:
    | (StaticTargetReport & { readonly http: TargetHttp; readonly paired: PairedFigure })
    | { readonly error: string };
  /** The most pages one poll of the default configuration needs, at any category and width. */
  readonly budgetPagesPerPoll: number;
}

export function fleetSpec(organizations: number, quick: boolean): FleetSpec {
  const perOrganization = quick ? 500 : 5000;
  return {
    name: `${organizations}x${perOrganization >= 1000 ? `${perOrganization / 1000}k` : perOrganization}`,
    organizations,
    seriesPerOrganization: perOrganization,
    rounds: 5,
    minRequests: quick ? 3 : 20,
    underPollsMs: 6000,
  };
}

const FLOOR_PAIRS = 5;
const PAIR_MS = 1000;

export async function runFleet(spec: FleetSpec, settings: RunSettings): Promise<FleetResult> {
  progress(`${spec.name}: ${spec.organizations} organizations of ${spec.seriesPerOrganization} series`);
  const heap = '--max-old-space-size=4096';
  const target = await startTarget<FleetTargetReport>(
    'bench/fleet-target.ts',
    [String(spec.organizations), String(spec.seriesPerOrganization), String(spec.rounds)],
    ['--expose-gc', heap],
  );
  const { url, directory } = target.report;
  let http: TargetHttp;
  let staticBody: FleetResult['staticBody'];
  let underPolls: ScrapeStormFigure;
  try {
    const floor = await startFloor(await saveBodies(url, directory));
    if ('error' in floor) {
      staticBody = floor;
      http = await measureHttp(url, spec, settings);
    } else {
      try {
        const floorHttp = await measureHttp(floor.report.url, spec, settings);
        progress(`${spec.name}: scraping the fleet (${target.report.series} series)`);
        http = await measureHttp(url, spec, settings);
        const phase = { ...latencyPhase(url, true, spec, settings), durationMs: PAIR_MS };
        const paired = await pairedLatency(url, floor.report.url, phase, FLOOR_PAIRS);
        staticBody = { ...floor.report, http: floorHttp, paired };
      } finally {
        await floor.stop();
      }
    }
    progress(`${spec.name}: one scraper for ${spec.underPollsMs / 1000}s while every organization polls`);
    underPolls = await scrapeWhilePolling(target, {
      ...latencyPhase(url, true, spec, settings),
      durationMs: spec.underPollsMs,
      maxMs: spec.underPollsMs * 3,
    });
  } finally {
    await target.stop();
  }
  rmSync(directory, { recursive: true, force: true });
  const budget = requestBudget(loadConfig([], {}).config);
  return {
    spec,
    fleet: { ...target.report, http, underPolls },
    staticBody,
    budgetPagesPerPoll: Math.max(...budget.map((width) => width.pagesPerPoll)),
  };
}

/** The most requests any organization's steady poll took, and the sum of their first polls. */
export function fleetRequests(result: FleetResult): { maxPerPoll: number; firstPollsMax: number } {
  const { requests } = result.fleet;
  return {
    maxPerPoll: Math.max(0, ...requests.map((organization) => organization.maxPerPoll)),
    firstPollsMax: Math.max(0, ...requests.map((organization) => organization.firstPolls)),
  };
}

const pair = (a: number, b: number) => `${round(a)} / ${round(b)}`;

/** The fleet beside the single organization of as many series, when the run has one. */
export function fleetTable(result: FleetResult, single: ScaleResult | undefined): string {
  const floorOf = (body: FleetResult['staticBody'] | ScaleResult['staticBody']) =>
    'error' in body
      ? ['—', '—']
      : [pair(body.http.gzip.latency.p50Ms, body.http.gzip.latency.p99Ms), round(body.paired.medianP50Ratio)];
  const rows: (string | number)[][] = [];
  if (single !== undefined) {
    const { exporter } = single;
    const after = exporter.steadyRounds.flat().map((poll) => poll.afterPollMs);
    rows.push([
      `1 organization, ${single.spec.name}`,
      exporter.series,
      pair(exporter.http.gzip.latency.p50Ms, exporter.http.gzip.latency.p99Ms),
      ...floorOf(single.staticBody),
      pair(exporter.underPolls.load.p99Ms, exporter.underPolls.load.maxMs),
      `max ${round(Math.max(0, ...after))}`,
      pair(exporter.phases.steady.loopDelay.p99Ms, exporter.underPolls.polling.phase.loopDelay.p99Ms),
      '—',
    ]);
  }
  const { fleet } = result;
  const requests = fleetRequests(result);
  rows.push([
    `${fleet.organizations} organizations, ${result.spec.name}`,
    `${fleet.series} (+${fleet.selfSeries} self)`,
    pair(fleet.http.gzip.latency.p50Ms, fleet.http.gzip.latency.p99Ms),
    ...floorOf(result.staticBody),
    pair(fleet.underPolls.load.p99Ms, fleet.underPolls.load.maxMs),
    `${round(fleet.afterPoll.p50Ms)} / ${round(fleet.afterPoll.p99Ms)} / max ${round(fleet.afterPoll.maxMs)}`,
    pair(fleet.phases.steady.loopDelay.p99Ms, fleet.underPolls.polling.phase.loopDelay.p99Ms),
    `${requests.maxPerPoll} (budget ${result.budgetPagesPerPoll}); first polls ≤ ${requests.firstPollsMax}`,
  ]);
  return markdownTable(
    [
      'case',
      'series',
      'gzip p50/p99 ms',
      'floor p50/p99 ms',
      'p50 ÷ floor (paired)',
      'under polls p99/max ms',
      'render after a poll p50/p99 ms',
      'loop delay p99 ms (steady / under polls)',
      'requests per poll, worst organization',
    ],
    rows,
  );
}
