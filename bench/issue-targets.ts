// Issue 17's table of targets, row by row, judged on one run's results: the exporter against the
// static-body floor measured in the same run, the stalls and the peaks.

import { type FleetResult, fleetRequests } from './fleet-run.js';
import type { ScaleResult } from './scale-run.js';
import { round } from './stats.js';

export interface IssueTarget {
  readonly case: string;
  /** As measured, with its unit; "not measured" when this run has no figure for it. */
  readonly measured: string;
  readonly target: string;
  /** Undefined when not measured. */
  readonly met?: boolean;
}

const NOT_MEASURED = 'not measured';

function row(name: string, target: string, measured?: { text: string; met: boolean }): IssueTarget {
  return measured === undefined
    ? { case: name, measured: NOT_MEASURED, target }
    : { case: name, measured: measured.text, target, met: measured.met };
}

const ms = (value: number) => `${round(value)} ms`;
const mbText = (value: number) => `${round(value)} MB`;

/**
 * The highest peak of the exporter's own phases. The phase beside a scraper is left out: it runs
 * after the benchmark's throw-away exporters (repeated first polls, memory per series), whose freed
 * memory the allocator may keep in the resident set.
 */
export function peakRssMb(result: ScaleResult): number {
  const { ingest, steady, render, save } = result.exporter.phases;
  return Math.max(ingest.peakRssMb, steady.peakRssMb, render.peakRssMb, save.peakRssMb);
}

/** The worst p99 event-loop delay while polls run: back to back (steady) or once a second beside a scraper. */
export function pollLoopDelayP99Ms(result: ScaleResult): number {
  const { phases, underPolls } = result.exporter;
  return Math.max(phases.steady.loopDelay.p99Ms, underPolls.polling.phase.loopDelay.p99Ms);
}

export function issue17Targets(results: readonly ScaleResult[], fleet?: FleetResult): IssueTarget[] {
  const at100k = results.find((result) => result.spec.series === 100_000);
  const at1M = results.find((result) => result.spec.series === 1_000_000);
  const floor100k = at100k === undefined || 'error' in at100k.staticBody ? undefined : at100k.staticBody;
  const gzip100k = at100k?.exporter.http.gzip.latency;
  const under100k = at100k?.exporter.underPolls;
  const list: IssueTarget[] = [];

  const paired = floor100k?.paired;
  list.push(
    row(
      '100k series, gzip p50 vs a static server of the same body',
      '≤ 1.2×',
      paired === undefined || gzip100k === undefined || floor100k === undefined
        ? undefined
        : {
            text: `${round(paired.medianP50Ratio)}× (median of ${paired.pairs} alternating pairs; phases: ${ms(gzip100k.p50Ms)} vs ${ms(floor100k.http.gzip.latency.p50Ms)})`,
            met: paired.medianP50Ratio <= 1.2,
          },
    ),
  );
  const floorP99 = floor100k?.http.gzip.latency.p99Ms;
  list.push(
    row(
      '100k series, p99 while polls and saves run',
      "≤ 1.5× the floor's p99, max ≤ 20 ms",
      under100k === undefined || floorP99 === undefined
        ? undefined
        : {
            text: `${ms(under100k.load.p99Ms)} vs the floor's ${ms(floorP99)} (${round(under100k.load.p99Ms / floorP99)}×), max ${ms(under100k.load.maxMs)}; ${under100k.polling.polls} polls and ${under100k.polling.saves} saves in the window`,
            met: under100k.load.p99Ms <= 1.5 * floorP99 && under100k.load.maxMs <= 20,
          },
    ),
  );
  const ingestPeak = at100k?.exporter.phases.ingest.peakRssMb;
  list.push(
    row(
      '100k series, peak RSS during ingest',
      '≤ 300 MB',
      ingestPeak === undefined ? undefined : { text: mbText(ingestPeak), met: ingestPeak <= 300 },
    ),
  );
  const p99At1M = at1M?.exporter.http.gzip.latency.p99Ms;
  list.push(
    row(
      '1M series, gzip p99',
      '≤ 10 ms',
      p99At1M === undefined ? undefined : { text: ms(p99At1M), met: p99At1M <= 10 },
    ),
  );
  list.push(
    row(
      '1M series, steady RSS / peak RSS',
      '≤ 600 MB / ≤ 1 GB',
      at1M === undefined
        ? undefined
        : {
            text: `${mbText(at1M.exporter.memory.rssMb)} / ${mbText(peakRssMb(at1M))}`,
            met: at1M.exporter.memory.rssMb <= 600 && peakRssMb(at1M) <= 1024,
          },
    ),
  );
  list.push(
    row(
      '20 organizations × default categories',
      'same scrape targets; each organization within its own upstream budget',
      fleet === undefined ? undefined : fleetVerdict(fleet, gzip100k?.p50Ms),
    ),
  );
  const delay = at100k === undefined ? undefined : pollLoopDelayP99Ms(at100k);
  list.push(
    row(
      'event-loop delay p99 during a poll cycle at 100k',
      '≤ 10 ms',
      delay === undefined ? undefined : { text: ms(delay), met: delay <= 10 },
    ),
  );
  return list;
}

/** The scrape targets of 100k (against the fleet's own floor) and every organization's budget. */
function fleetVerdict(
  fleet: FleetResult,
  single100kP50Ms: number | undefined,
): { text: string; met: boolean } {
  const { organizations, underPolls, http } = fleet.fleet;
  const { maxPerPoll } = fleetRequests(fleet);
  const budget = `≤ ${maxPerPoll} request per poll for each of ${organizations} organizations (budget ${fleet.budgetPagesPerPoll})`;
  const withinBudget = maxPerPoll <= fleet.budgetPagesPerPoll;
  const single = single100kP50Ms === undefined ? '' : ` (1 organization at 100k: ${ms(single100kP50Ms)})`;
  const gzip = `gzip p50 ${ms(http.gzip.latency.p50Ms)}${single}`;
  if ('error' in fleet.staticBody)
    return { text: `${gzip}; no floor: ${fleet.staticBody.error}; ${budget}`, met: false };
  const { paired, http: floorHttp } = fleet.staticBody;
  const floorP99 = floorHttp.gzip.latency.p99Ms;
  return {
    text: `${fleet.spec.name}: ${gzip}, ${round(paired.medianP50Ratio)}× the floor (paired); under polls p99 ${ms(underPolls.load.p99Ms)} vs the floor's ${ms(floorP99)} (${round(underPolls.load.p99Ms / floorP99)}×), max ${ms(underPolls.load.maxMs)}; ${budget}`,
    met:
      paired.medianP50Ratio <= 1.2 &&
      underPolls.load.p99Ms <= 1.5 * floorP99 &&
      underPolls.load.maxMs <= 20 &&
      withinBudget,
  };
}
