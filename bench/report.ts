// The printed tables (Markdown, so they can be pasted into RESULTS.md) and results.json, written
// the way the repository's formatter lays JSON out.

import type { WidthBudget } from './request-budget.js';
import type { ScaleResult } from './scale-run.js';
import type { SimulatedHour } from './simulated-hours.js';
import { round } from './stats.js';
import { summarize, type Target } from './summary.js';

export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(cells[0] ?? []), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

const ms = (value: number) => round(value).toString();
const mb = (bytes: number) => `${round(bytes / 1048576)} MB`;

export function httpTable(results: readonly ScaleResult[], encoding: 'gzip' | 'plain'): string {
  return markdownTable(
    [
      'series',
      'body',
      'ours p50/p99 ms',
      'ours req/s',
      'prom-client p50/p99 ms',
      'prom-client req/s',
      'speed-up p50 / p99 / req/s',
    ],
    results.map((result) => {
      const ours = result.exporter.http[encoding];
      const summary = summarize(result);
      const body = encoding === 'gzip' ? result.exporter.gzipBytes : result.exporter.plainBytes;
      const base = [
        result.exporter.series,
        mb(body),
        `${ms(ours.latency.p50Ms)} / ${ms(ours.latency.p99Ms)}`,
      ];
      if ('error' in result.promClient || summary.ratios === undefined) {
        const why = 'error' in result.promClient ? result.promClient.error : 'n/a';
        return [...base, round(ours.throughput.requestsPerSecond), `failed: ${why}`, '', ''];
      }
      const theirs = result.promClient.http[encoding];
      const r = summary.ratios;
      const speedUp =
        encoding === 'gzip'
          ? `${r.gzipP50}× / ${r.gzipP99}× / ${r.gzipThroughput}×`
          : `${r.plainP50}× / ${r.plainP99}× / ${r.plainThroughput}×`;
      return [
        ...base,
        round(ours.throughput.requestsPerSecond),
        `${ms(theirs.latency.p50Ms)} / ${ms(theirs.latency.p99Ms)}`,
        round(theirs.throughput.requestsPerSecond),
        speedUp,
      ];
    }),
  );
}

export function ingestTable(results: readonly ScaleResult[]): string {
  return markdownTable(
    [
      'series',
      'first-poll rows',
      'JSON',
      'decode ms (JSON.parse included)',
      'ledger ms',
      'render ms',
      'rows/s, each run',
      'steady 1m polls rows/s',
      'render after 1m poll (median)',
      'render after any poll (worst)',
    ],
    results.map((result) => {
      const s = summarize(result);
      const f = s.firstPolls;
      return [
        s.series,
        f.rows,
        `${f.jsonMb} MB`,
        f.decodeMs,
        f.ledgerMs,
        f.renderMs,
        s.firstPollsRowsPerSecond.join(' / '),
        s.steadyPolls.rowsPerSecond,
        `${s.renderAfterMinutePollMedianMs} ms`,
        `${s.renderAfterPollMaxMs} ms`,
      ];
    }),
  );
}

export function memoryTable(results: readonly ScaleResult[]): string {
  return markdownTable(
    [
      'series',
      'ledger rows',
      'RSS',
      'heap used',
      'array buffers',
      'peak RSS',
      'prom-client RSS',
      'state save',
      'longest stall in a save',
      'ledger copy',
      'state size',
      'state load',
    ],
    results.map((result) => {
      const { memory, state } = result.exporter;
      const theirs = 'error' in result.promClient ? 'failed' : `${result.promClient.memory.rssMb} MB`;
      return [
        result.exporter.series,
        result.exporter.trackedRows,
        `${memory.rssMb} MB`,
        `${memory.heapUsedMb} MB`,
        `${memory.arrayBuffersMb} MB`,
        `${memory.peakRssMb} MB`,
        theirs,
        `${ms(state.saveMs)} ms`,
        `${ms(state.save.maxStallMs)} ms (no save: ${ms(state.save.idleMaxGapMs)} ms)`,
        `${ms(state.save.freezeMs)} ms`,
        mb(state.bytes),
        `${ms(state.loadMs)} ms`,
      ];
    }),
  );
}

export function budgetTable(budgets: readonly WidthBudget[]): string {
  return markdownTable(
    [
      'category',
      'width',
      'every',
      'buckets/poll',
      'limit',
      'pages needed',
      'req/h (no jitter)',
      'req/h (jitter)',
    ],
    budgets.map((b) => [
      b.category,
      b.width,
      `${b.intervalSeconds}s`,
      b.bucketsPerPoll === b.bucketsFirstPoll
        ? b.bucketsPerPoll
        : `${b.bucketsPerPoll} (first ≤ ${b.bucketsFirstPoll})`,
      b.limit,
      b.pagesPerPoll,
      round(b.requestsPerHour),
      round(b.requestsPerHourWithJitter),
    ]),
  );
}

/** Per category: computed against what the simulator received, and requests per finished poll. */
export function measuredTable(budgets: readonly WidthBudget[], hours: readonly SimulatedHour[]): string {
  const categories = [...new Set(budgets.map((b) => b.category))];
  const steady = hours[hours.length - 1];
  return markdownTable(
    [
      'category',
      'computed req/h (jitter)',
      'measured req/h: 1st hour',
      '2nd hour',
      'polls 2nd hour',
      'requests per poll',
    ],
    categories.map((category) => {
      const computed = budgets
        .filter((b) => b.category === category)
        .reduce((sum, b) => sum + b.requestsPerHourWithJitter, 0);
      const polls = Object.entries(steady?.polls ?? {})
        .filter(([key]) => key.startsWith(`${category}/`))
        .reduce((sum, [, count]) => sum + count, 0);
      const requests = steady?.requests[category] ?? 0;
      return [
        category,
        round(computed),
        hours[0]?.requests[category] ?? 0,
        requests,
        polls,
        polls === 0 ? 'n/a' : round(requests / polls),
      ];
    }),
  );
}

export function targetTable(list: readonly Target[]): string {
  return markdownTable(
    ['target', 'measured', 'limit', ''],
    list.map((t) => [t.name, t.value, t.limit, t.pass ? 'pass' : 'MISSED']),
  );
}
