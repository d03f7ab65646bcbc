// Derived figures per scale (throughputs, ratios, worst render) and the targets.

import type { PollFigure } from './protocol.js';
import type { ScaleResult } from './scale-run.js';
import { median, round } from './stats.js';

export interface IngestSummary {
  readonly rows: number;
  readonly jsonMb: number;
  /** Reading the text into rows; JSON.parse runs per result inside it, so it is no longer apart. */
  readonly decodeMs: number;
  readonly ledgerMs: number;
  readonly renderMs: number;
  /** Rows through decoding (JSON.parse included), the ledger and rendering. */
  readonly rowsPerSecond: number;
}

export interface ScaleSummary {
  readonly name: string;
  readonly series: number;
  /** The first polls of a fresh process (cold JIT). */
  readonly firstPolls: IngestSummary;
  /** Rows per second of every run of the first polls (the first is `firstPolls`), and their median. */
  readonly firstPollsRowsPerSecond: readonly number[];
  readonly firstPollsMedianRowsPerSecond: number;
  readonly steadyPolls: IngestSummary;
  /** Exporter.afterPoll (render, compress, assemble) after any poll, worst and median of the steady 1m polls. */
  readonly renderAfterPollMaxMs: number;
  readonly renderAfterMinutePollMedianMs: number;
  readonly ratios?: {
    readonly gzipP50: number;
    readonly gzipP99: number;
    readonly gzipThroughput: number;
    readonly plainP50: number;
    readonly plainP99: number;
    readonly plainThroughput: number;
  };
}

export interface Target {
  readonly name: string;
  readonly value: number;
  readonly limit: string;
  readonly pass: boolean;
}

export function ingestOf(polls: readonly PollFigure[]): IngestSummary {
  const sum = (pick: (p: PollFigure) => number) => polls.reduce((total, poll) => total + pick(poll), 0);
  const rows = sum((p) => p.rows);
  const decodeMs = sum((p) => p.decodeMs);
  const ledgerMs = sum((p) => p.ledgerMs);
  const renderMs = sum((p) => p.afterPollMs);
  const core = decodeMs + ledgerMs + renderMs;
  return {
    rows,
    jsonMb: round(sum((p) => p.jsonBytes) / 1048576),
    decodeMs: round(decodeMs),
    ledgerMs: round(ledgerMs),
    renderMs: round(renderMs),
    rowsPerSecond: Math.round(rows / (core / 1000)),
  };
}

export function summarize(result: ScaleResult): ScaleSummary {
  const { exporter, promClient } = result;
  const steady = exporter.steadyRounds.flat();
  const all = [...exporter.initialPolls, ...steady];
  const runs = [exporter.initialPolls, ...exporter.repeatedFirstPolls].map(
    (run) => ingestOf(run).rowsPerSecond,
  );
  const minutePolls = steady.filter((poll) => poll.width === '1m').map((poll) => poll.afterPollMs);
  const summary: ScaleSummary = {
    name: result.spec.name,
    series: exporter.series,
    firstPolls: ingestOf(exporter.initialPolls),
    firstPollsRowsPerSecond: runs,
    firstPollsMedianRowsPerSecond: Math.round(median(runs)),
    steadyPolls: ingestOf(steady),
    renderAfterPollMaxMs: round(Math.max(...all.map((poll) => poll.afterPollMs))),
    renderAfterMinutePollMedianMs: round(median(minutePolls)),
  };
  if ('error' in promClient) return summary;
  const ratio = (theirs: number, ours: number) => round(theirs / ours);
  const o = exporter.http;
  const p = promClient.http;
  return {
    ...summary,
    ratios: {
      gzipP50: ratio(p.gzip.latency.p50Ms, o.gzip.latency.p50Ms),
      gzipP99: ratio(p.gzip.latency.p99Ms, o.gzip.latency.p99Ms),
      gzipThroughput: ratio(o.gzip.throughput.requestsPerSecond, p.gzip.throughput.requestsPerSecond),
      plainP50: ratio(p.plain.latency.p50Ms, o.plain.latency.p50Ms),
      plainP99: ratio(p.plain.latency.p99Ms, o.plain.latency.p99Ms),
      plainThroughput: ratio(o.plain.throughput.requestsPerSecond, p.plain.throughput.requestsPerSecond),
    },
  };
}

/** The targets, judged on the 100k scale, the scrape storm and the whole run's duration. */
export function targets(results: readonly ScaleResult[], minutes: number): Target[] {
  const list: Target[] = [];
  const at100k = results.find((result) => result.spec.series === 100_000);
  if (at100k !== undefined) {
    const s = summarize(at100k);
    const http = at100k.exporter.http;
    list.push(target('100k: /metrics gzip p99 (ms)', http.gzip.latency.p99Ms, '<= 10', (v) => v <= 10));
    if (s.ratios !== undefined) {
      const slowest = Math.min(s.ratios.gzipP50, s.ratios.gzipP99, s.ratios.gzipThroughput);
      list.push(
        target(
          '100k: gzip speed-up over register.metrics()+gzip (worst of p50, p99, req/s)',
          slowest,
          '>= 20',
          (v) => v >= 20,
        ),
      );
    }
    list.push(
      target('100k: render after a poll, worst (ms)', s.renderAfterPollMaxMs, '<= 500', (v) => v <= 500),
    );
    list.push(
      target(
        '100k: longest event-loop stall during a state save (ms)',
        at100k.exporter.state.save.maxStallMs,
        '<= 20',
        (v) => v <= 20,
      ),
    );
    list.push(target('100k: RSS after ingest (MB)', at100k.exporter.memory.rssMb, '<= 250', (v) => v <= 250));
    list.push(
      target(
        '100k: ingest of the first polls, median of the runs (rows/s)',
        s.firstPollsMedianRowsPerSecond,
        '>= 500000',
        (v) => v >= 500_000,
      ),
    );
    if (at100k.promtool !== undefined) {
      list.push(
        target('100k: promtool check metrics problems', at100k.promtool.ok ? 0 : 1, '= 0', (v) => v === 0),
      );
    }
  }
  const storm = results.find((result) => result.scrapeStorm !== undefined)?.scrapeStorm;
  if (storm !== undefined) {
    list.push(
      target('scrape storm: errors', storm.load.errors + storm.polling.failures, '= 0', (v) => v === 0),
    );
  }
  list.push(target('whole benchmark (minutes)', round(minutes), '< 10', (v) => v < 10));
  return list;
}

function target(name: string, value: number, limit: string, pass: (value: number) => boolean): Target {
  return { name, value: round(value), limit, pass: pass(value) };
}
