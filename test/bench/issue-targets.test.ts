import { describe, expect, it } from 'vitest';
import type { FleetResult } from '../../bench/fleet-run.js';
import { issue17Targets } from '../../bench/issue-targets.js';
import type { PhaseFigure } from '../../bench/phase-monitor.js';
import type { ScaleResult } from '../../bench/scale-run.js';

function phase(p99Ms: number, peakRssMb: number): PhaseFigure {
  return { loopDelay: { p50Ms: 1, p99Ms, maxMs: p99Ms }, peakRssMb, peakRssExact: true, ms: 1000 };
}

interface Figures {
  readonly series: number;
  readonly pairedP50Ratio: number;
  readonly floorP99Ms: number;
  readonly underPollsP99Ms: number;
  readonly underPollsMaxMs: number;
  readonly ingestPeakMb: number;
  readonly steadyLoopP99Ms: number;
  readonly gzipP99Ms: number;
  readonly rssMb: number;
}

/** Only the figures the targets read; the rest of a scale's result does not matter to them. */
function scale(f: Figures): ScaleResult {
  const latency = (p50Ms: number, p99Ms: number) => ({ p50Ms, p99Ms, maxMs: p99Ms });
  return {
    spec: { series: f.series },
    exporter: {
      memory: { rssMb: f.rssMb },
      http: { gzip: { latency: latency(0.5, f.gzipP99Ms) } },
      underPolls: {
        load: { p50Ms: 0.5, p99Ms: f.underPollsP99Ms, maxMs: f.underPollsMaxMs },
        polling: { polls: 6, saves: 3, phase: phase(2, 100) },
      },
      phases: {
        ingest: phase(50, f.ingestPeakMb),
        steady: phase(f.steadyLoopP99Ms, 100),
        render: phase(0, 100),
        save: phase(3, 100),
      },
    },
    staticBody: {
      http: { gzip: { latency: latency(0.4, f.floorP99Ms) } },
      paired: { pairs: 5, medianP50Ratio: f.pairedP50Ratio, medianP99Ratio: 1 },
    },
  } as unknown as ScaleResult;
}

const at100k: Figures = {
  series: 100_000,
  pairedP50Ratio: 1.1,
  floorP99Ms: 4,
  underPollsP99Ms: 5.9,
  underPollsMaxMs: 19,
  ingestPeakMb: 290,
  steadyLoopP99Ms: 9,
  gzipP99Ms: 3,
  rssMb: 200,
};

interface FleetFigures {
  readonly pairedP50Ratio: number;
  readonly floorP99Ms: number;
  readonly underPollsP99Ms: number;
  readonly underPollsMaxMs: number;
  /** Each organization's most requests in one steady poll. */
  readonly maxPerPoll: readonly number[];
}

/** Only the figures the 20-organization row reads. */
function fleetOf(f: FleetFigures): FleetResult {
  return {
    spec: { name: '20x5k' },
    fleet: {
      organizations: f.maxPerPoll.length,
      http: { gzip: { latency: { p50Ms: 0.6, p99Ms: 3, maxMs: 3 } } },
      underPolls: { load: { p50Ms: 0.6, p99Ms: f.underPollsP99Ms, maxMs: f.underPollsMaxMs } },
      requests: f.maxPerPoll.map((maxPerPoll, index) => ({
        organization: `org-${index + 1}`,
        firstPolls: 5,
        maxPerPoll,
        steadyPolls: 11,
      })),
    },
    staticBody: {
      http: { gzip: { latency: { p50Ms: 0.5, p99Ms: f.floorP99Ms, maxMs: f.floorP99Ms } } },
      paired: { pairs: 5, medianP50Ratio: f.pairedP50Ratio, medianP99Ratio: 1 },
    },
    budgetPagesPerPoll: 1,
  } as unknown as FleetResult;
}

const fleet20: FleetFigures = {
  pairedP50Ratio: 1.15,
  floorP99Ms: 4,
  underPollsP99Ms: 5.9,
  underPollsMaxMs: 19,
  maxPerPoll: Array.from({ length: 20 }, () => 1),
};

const FLEET_ROW = '20 organizations × default categories';

function verdicts(results: readonly ScaleResult[], fleet?: FleetResult): Record<string, boolean | undefined> {
  return Object.fromEntries(issue17Targets(results, fleet).map((target) => [target.case, target.met]));
}

describe("issue 17's targets", () => {
  it('lists every row of the issue, met when each figure is within its target', () => {
    const met = verdicts([scale(at100k), scale({ ...at100k, series: 1_000_000, gzipP99Ms: 9, rssMb: 590 })]);
    expect(met).toEqual({
      '100k series, gzip p50 vs a static server of the same body': true,
      '100k series, p99 while polls and saves run': true,
      '100k series, peak RSS during ingest': true,
      '1M series, gzip p99': true,
      '1M series, steady RSS / peak RSS': true,
      '20 organizations × default categories': undefined,
      'event-loop delay p99 during a poll cycle at 100k': true,
    });
  });

  it('misses a row whose figure is past its target', () => {
    const missed = (figures: Partial<Figures>) => verdicts([scale({ ...at100k, ...figures })]);
    expect(
      missed({ pairedP50Ratio: 1.21 })['100k series, gzip p50 vs a static server of the same body'],
    ).toBe(false);
    // 1.5 × the floor's 4 ms is 6 ms; and no scrape may take over 20 ms.
    expect(missed({ underPollsP99Ms: 6.1 })['100k series, p99 while polls and saves run']).toBe(false);
    expect(missed({ underPollsMaxMs: 21 })['100k series, p99 while polls and saves run']).toBe(false);
    expect(missed({ ingestPeakMb: 301 })['100k series, peak RSS during ingest']).toBe(false);
    expect(missed({ steadyLoopP99Ms: 11 })['event-loop delay p99 during a poll cycle at 100k']).toBe(false);
  });

  it('judges the 1M peak against the highest phase, not the RSS after ingest', () => {
    const oneM = scale({ ...at100k, series: 1_000_000, gzipP99Ms: 9, rssMb: 590, ingestPeakMb: 1100 });
    expect(verdicts([oneM])['1M series, steady RSS / peak RSS']).toBe(false);
  });

  it('meets the 20-organization row when the fleet keeps the scrape targets and every organization one page per poll', () => {
    expect(verdicts([], fleetOf(fleet20))[FLEET_ROW]).toBe(true);
    const [row] = issue17Targets([scale(at100k)], fleetOf(fleet20)).filter((r) => r.case === FLEET_ROW);
    expect(row?.measured).toContain('1 organization at 100k: 0.5 ms');
    expect(row?.measured).toContain('≤ 1 request per poll for each of 20 organizations (budget 1)');
  });

  it('misses the 20-organization row on any scrape target or one organization over its budget', () => {
    const missed = (figures: Partial<FleetFigures>) =>
      verdicts([], fleetOf({ ...fleet20, ...figures }))[FLEET_ROW];
    expect(missed({ pairedP50Ratio: 1.21 })).toBe(false);
    expect(missed({ underPollsP99Ms: 6.1 })).toBe(false);
    expect(missed({ underPollsMaxMs: 21 })).toBe(false);
    expect(missed({ maxPerPoll: [...fleet20.maxPerPoll.slice(1), 2] })).toBe(false);
  });

  it('says "not measured" for the 20-organization row without the fleet case', () => {
    const [row] = issue17Targets([scale(at100k)]).filter((r) => r.case === FLEET_ROW);
    expect([row?.measured, row?.met]).toEqual(['not measured', undefined]);
  });

  it('says "not measured" for the scales the run left out', () => {
    const rows = issue17Targets([scale(at100k)]);
    const oneM = rows.filter((row) => row.case.startsWith('1M'));
    expect(oneM.map((row) => [row.measured, row.met])).toEqual([
      ['not measured', undefined],
      ['not measured', undefined],
    ]);
  });
});
