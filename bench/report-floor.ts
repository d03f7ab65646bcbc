// The tables of issue 17: the exporter against the static-body floor, the event loop and the
// resident set per phase, memory per series, and the issue's targets as measured / target.

import type { IssueTarget } from './issue-targets.js';
import type { LoopDelayFigure, PhaseFigure } from './phase-monitor.js';
import { markdownTable } from './report.js';
import type { ScaleResult } from './scale-run.js';
import { round } from './stats.js';

const ms = (value: number) => round(value).toString();
const pair = (a: number, b: number) => `${ms(a)} / ${ms(b)}`;
const delay = (figure: LoopDelayFigure) => `${ms(figure.p50Ms)} / ${ms(figure.p99Ms)} / ${ms(figure.maxMs)}`;
const peak = (phase: PhaseFigure) => `${round(phase.peakRssMb)} MB${phase.peakRssExact ? '' : ' (sampled)'}`;

export function floorTable(results: readonly ScaleResult[]): string {
  return markdownTable(
    [
      'series',
      'static body p50/p99 ms',
      'static req/s',
      'ours p50/p99 ms',
      'ours req/s',
      'ours ÷ static p50 / p99, median of alternating pairs',
      'ours while polls and saves run p50/p99/max ms',
      'polls / saves meanwhile',
    ],
    results.map((result) => {
      const ours = result.exporter.http.gzip;
      const under = result.exporter.underPolls;
      const cells = [pair(ours.latency.p50Ms, ours.latency.p99Ms), round(ours.throughput.requestsPerSecond)];
      const underCells = [
        `${ms(under.load.p50Ms)} / ${ms(under.load.p99Ms)} / ${ms(under.load.maxMs)}`,
        `${under.polling.polls} / ${under.polling.saves}${under.polling.failures > 0 ? ` (${under.polling.failures} failed)` : ''}`,
      ];
      if ('error' in result.staticBody)
        return [
          result.exporter.series,
          `failed: ${result.staticBody.error}`,
          '',
          ...cells,
          '',
          ...underCells,
        ];
      const floor = result.staticBody.http.gzip;
      return [
        result.exporter.series,
        pair(floor.latency.p50Ms, floor.latency.p99Ms),
        round(floor.throughput.requestsPerSecond),
        ...cells,
        `${round(result.staticBody.paired.medianP50Ratio)}× / ${round(result.staticBody.paired.medianP99Ratio)}×`,
        ...underCells,
      ];
    }),
  );
}

export function phaseTable(results: readonly ScaleResult[]): string {
  const rows: (string | number)[][] = [];
  for (const result of results) {
    const { phases, underPolls } = result.exporter;
    const series = result.exporter.series;
    rows.push(
      [
        series,
        'first polls (ingest)',
        delay(phases.ingest.loopDelay),
        peak(phases.ingest),
        ms(phases.ingest.ms),
      ],
      [
        series,
        'steady minute rounds',
        delay(phases.steady.loopDelay),
        peak(phases.steady),
        ms(phases.steady.ms),
      ],
      [series, 'full render + gzip', 'synchronous', peak(phases.render), ms(phases.render.ms)],
      [series, 'state saves', delay(phases.save.loopDelay), peak(phases.save), ms(phases.save.ms)],
      [
        series,
        'polls and saves beside a scraper',
        delay(underPolls.polling.phase.loopDelay),
        peak(underPolls.polling.phase),
        ms(underPolls.polling.phase.ms),
      ],
    );
  }
  return markdownTable(['series', 'phase', 'event-loop delay p50/p99/max ms', 'peak RSS', 'ms'], rows);
}

export function bytesTable(results: readonly ScaleResult[]): string {
  return markdownTable(
    [
      'series',
      'label sets',
      'ledger rows',
      'ledger B/series',
      'whole exporter B/series',
      'plain body B/series',
      'gzip body B/series',
      'ledger B/row',
    ],
    results.map((result) => {
      const { retained, series, labelSets } = result.exporter;
      const per = (bytes: number) => round(bytes / series);
      return [
        series,
        Object.values(labelSets).reduce((sum, count) => sum + count, 0),
        retained.ledgerRows,
        per(retained.ledgerBytes),
        per(retained.exporterBytes),
        per(retained.plainBytes),
        per(retained.gzipBytes),
        round(retained.ledgerBytes / Math.max(1, retained.ledgerRows)),
      ];
    }),
  );
}

export function issueTargetTable(list: readonly IssueTarget[]): string {
  return markdownTable(
    ['case', 'measured', 'target', ''],
    list.map((t) => [t.case, t.measured, t.target, t.met === undefined ? '' : t.met ? 'met' : 'NOT MET']),
  );
}
