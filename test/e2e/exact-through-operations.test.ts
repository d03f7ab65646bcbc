import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../simulator/index.js';
import { STATE_FILE_NAME } from '../../src/state/state-file.js';
import { counterResets, productCounterFamilies } from '../support/counter-resets.js';
import { type Mismatch, mismatchesSinceBaseline } from '../support/exactness.js';
import { type ParsedExposition, parseExposition, sumOf } from '../support/exposition.js';
import {
  ALL_BUT_IMAGES,
  BACKFILL_MAX_HOURS,
  baseExporterArgs,
  HOURLY_WINDOW_HOURS,
  SETTLE_DAYS,
  simulatorOptions,
  TIMELINE,
} from '../support/operations-timeline.js';
import {
  fetchText,
  freePort,
  killAll,
  type RunningPrometheus,
  type Spawned,
  spawnExporter,
  startPrometheus,
  tempDirectory,
  waitFor,
} from '../support/processes.js';
import { upstreamSpendSince } from '../support/upstream-spend.js';

// Issue 11's acceptance test. One exporter storage directory lives through a sequence of real
// operations, each a process restart, while a real Prometheus scrapes every second:
//   the previous release's state file → an outage longer than --backfill.max inside January →
//   completions' group_by reordered → images disabled for a segment → images enabled again →
//   the UTC midnight that turns January into February → the upstream settled; the costs hold a
//   credit (a negative amount) somewhere in between.
// Across it all Prometheus sees no product counter reset, every counter ends equal to the
// upstream's final totals over what the exporter counts, and the day and month gauges are right
// after the outage and just after midnight.
// The exporter and the simulated upstream share a shifted clock (clock-offset.mjs), so days pass
// in seconds; Prometheus keeps real time, which is all it needs to see counter resets.
const KEY = 'sk-admin-operations';
const HOUR = 3600;
const DAY = 86400;
const COMPLETIONS_REORDERED = '--completions.group-by=batch,model,project_id';
const FIXTURE = new URL('../fixtures/state/e2e-operations-aa091e5.state.json', import.meta.url);

let upstream: RunningSimulator | undefined;
let prometheus: RunningPrometheus | undefined;

afterAll(async () => {
  killAll();
  await prometheus?.stop();
  await upstream?.close();
});

/** Shifted clock shared by the simulator and every exporter process. */
let offsetMs = 0;
const simulatedNow = () => Date.now() + offsetMs;
const simulatedSeconds = () => Math.floor(simulatedNow() / 1000);
const setSimulatedTime = (seconds: number) => {
  offsetMs = seconds * 1000 - Date.now();
};

describe('exact through real operations', () => {
  it('restarts across config changes, a long outage and a month boundary with no reset and exact counters', async () => {
    const realStart = Math.floor(Date.now() / 1000);
    // Credits begin after the upgrade: the previous release's file knows no credit line.
    const simulator = createSimulator({ ...simulatorOptions(simulatedNow), credits: true });
    upstream = await simulator.listen();
    const baseUrl = upstream.baseUrl;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const storage = tempDirectory('oue-operations-');
    // The previous release's file, as if it had been written against this upstream.
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { baseUrl: string };
    writeFileSync(join(storage, STATE_FILE_NAME), JSON.stringify({ ...fixture, baseUrl }));
    prometheus = await startPrometheus([`127.0.0.1:${port}`]);

    const scrape = async (): Promise<ParsedExposition> =>
      parseExposition((await fetchText(`${base}/metrics`)).text);
    const start = async (at: number, extra: readonly string[], waitReady = true): Promise<Spawned> => {
      setSimulatedTime(at);
      const exporter = spawnExporter(
        [...baseExporterArgs(port, baseUrl, storage), ...extra],
        { OPENAI_ADMIN_KEY: KEY },
        { clockOffsetMs: offsetMs },
      );
      const path = waitReady ? '/-/ready' : '/metrics';
      await waitFor('the exporter to serve', async () =>
        (await fetchText(`${base}${path}`)).status === 200 ? true : undefined,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${exporter.output()}`);
      });
      return exporter;
    };
    // Assertions are soft so that one run reports every operation that is not exact yet.
    const stop = async (exporter: Spawned, segment: string) => {
      const parsed = await scrape();
      const recoveries = sumOf(parsed, 'openai_exporter_state_recoveries_total');
      expect.soft(recoveries, `${segment}: state recoveries (a fresh start)`).toBe(0);
      // The simulated upstream only ever revises upwards; credits are not downward revisions.
      const downward = sumOf(parsed, 'openai_exporter_downward_revisions_total');
      expect.soft(downward, `${segment}: downward revisions`).toBe(0);
      exporter.child.kill('SIGTERM');
      expect(await exporter.exited, exporter.output()).toBe(0);
      expect.soft(exporter.output(), `${segment}: the admin key in the logs`).not.toContain(KEY);
    };
    const spend = (since: number) => upstreamSpendSince(baseUrl, KEY, since);
    const costGauges = async () => {
      const parsed = await scrape();
      return {
        day: sumOf(parsed, 'openai_cost_current_day_usd'),
        month: sumOf(parsed, 'openai_cost_current_month_usd'),
      };
    };
    /**
     * A gauge is right when it lies between the upstream's answer before the exporter's latest
     * poll (`lower`) and its answer now: upstream values only grow within their period.
     */
    const between = (value: number, lower: number, upper: number) => {
      const slack = 1e-9 * Math.max(Math.abs(lower), Math.abs(upper));
      return value >= lower - slack && value <= upper + slack;
    };
    const expectBetween = (what: string, value: number, lower: number, upper: number) => {
      expect.soft(between(value, lower, upper), `${what}: ${lower} <= ${value} <= ${upper}`).toBe(true);
    };
    /**
     * The gauges must reflect a costs poll that started after the lower bounds were read; a loaded
     * machine may delay that poll, so a few rounds are allowed before the last one is asserted.
     */
    const expectGaugesCurrent = async (costsIntervalSeconds: number) => {
      for (let round = 1; ; round++) {
        const today = simulatedSeconds() - (simulatedSeconds() % DAY);
        const monthStart = startOfMonth(today);
        const lowerDay = await spend(today);
        const lowerMonth = await spend(monthStart);
        await sleep((costsIntervalSeconds + 2) * 1000);
        const gauges = await costGauges();
        const upperDay = await spend(today);
        const upperMonth = await spend(monthStart);
        const right =
          between(gauges.day, lowerDay, upperDay) && between(gauges.month, lowerMonth, upperMonth);
        if (right || round === 4) {
          expectBetween('day gauge', gauges.day, lowerDay, upperDay);
          expectBetween('month gauge', gauges.month, lowerMonth, upperMonth);
          return;
        }
      }
    };

    // 1. The previous release's state file, continued by this release after a plain restart.
    let exporter = await start(TIMELINE.continueFixture, ['--costs.interval=2s']);
    await sleep(4_000);
    await stop(exporter, 'fixture continued');

    // 2. Down for 36 hours, longer than --backfill.max. The counters come back exactly as saved
    //    (read while the upstream still fails), then grow by what lies within the backfill limit.
    simulator.faults.inject({ kind: 'status', status: 503 });
    exporter = await start(TIMELINE.afterLongOutage, ['--costs.interval=2s'], false);
    const comeback = await scrape();
    simulator.faults.clear();
    await waitFor('the exporter to be ready', async () =>
      (await fetchText(`${base}/-/ready`)).status === 200 ? true : undefined,
    );
    // The month-to-date gauge still holds all of January, including the days the outage skipped.
    await expectGaugesCurrent(2);
    await stop(exporter, 'after the long outage');

    // 3. completions grouped by the same labels in another order: the same series.
    exporter = await start(simulatedSeconds() + 10, ['--costs.interval=2s', COMPLETIONS_REORDERED]);
    await sleep(3_000);
    await stop(exporter, 'group_by reordered');

    // 4. images disabled for one segment...
    exporter = await start(simulatedSeconds() + 10, [
      '--costs.interval=2s',
      COMPLETIONS_REORDERED,
      `--categories=${ALL_BUT_IMAGES}`,
    ]);
    await sleep(3_000);
    await stop(exporter, 'images disabled');

    // 5. ...and enabled again five minutes later: its saved ledger continues, the gap is backfilled.
    exporter = await start(simulatedSeconds() + 300, ['--costs.interval=2s', COMPLETIONS_REORDERED]);
    await sleep(3_000);
    await stop(exporter, 'images enabled again');

    // 6. Three hours later (within the backfill limit), 30 s before the midnight that ends January.
    //    Costs are polled every 60 s (at start-up, then after midnight + 20 s), so only the
    //    exporter's own clock can roll the gauges over.
    const januaryStart = startOfMonth(TIMELINE.beforeMidnight);
    const lastDayStart = TIMELINE.midnight - DAY;
    const lowerDay = await spendAt(TIMELINE.beforeMidnight, () => spend(lastDayStart));
    const lowerMonth = await spendAt(TIMELINE.beforeMidnight, () => spend(januaryStart));
    exporter = await start(TIMELINE.beforeMidnight, ['--costs.interval=60s', COMPLETIONS_REORDERED]);
    const beforeMidnight = await costGauges();
    expect(simulatedSeconds(), 'the exporter started too slowly to be seen before midnight').toBeLessThan(
      TIMELINE.midnight - 1,
    );
    expectBetween('day gauge on January 31', beforeMidnight.day, lowerDay, await spend(lastDayStart));
    expectBetween('month gauge in January', beforeMidnight.month, lowerMonth, await spend(januaryStart));
    expect(beforeMidnight.day).toBeGreaterThan(0);
    expect(beforeMidnight.month).toBeGreaterThan(beforeMidnight.day);
    // One scrape interval (1 s) after midnight, plus a second for a loaded machine.
    await sleep(Math.max(0, (TIMELINE.midnight + 2) * 1000 - simulatedNow()));
    const afterMidnight = await costGauges();
    const februarySoFar = await spend(TIMELINE.midnight);
    expectBetween('day gauge just after midnight', afterMidnight.day, 0, februarySoFar);
    expectBetween('month gauge just after the turn of the month', afterMidnight.month, 0, februarySoFar);
    await stop(exporter, 'across midnight');

    // 7. Everything settled. After the outage the exporter counted its regular windows (the last
    //    hour; the settling days of costs) and reached back over the gap no further than
    //    --backfill.max. Usage counters therefore equal what was counted before the outage plus the
    //    final totals from the backfill limit. The days of costs counted before the outage are all
    //    settling days (traffic began on January 30), so they were read again in full: the costs
    //    counters equal the final totals from the first of them.
    exporter = await start(TIMELINE.settled, ['--costs.interval=2s', COMPLETIONS_REORDERED]);
    const outageEnd = TIMELINE.afterLongOutage;
    const hourLimit = floorTo(outageEnd - BACKFILL_MAX_HOURS * HOUR, HOUR);
    const settlingFrom = floorTo(outageEnd, DAY) - SETTLE_DAYS * DAY;
    expect(floorTo(TIMELINE.trafficStart, DAY)).toBeGreaterThanOrEqual(settlingFrom);
    const since = (category: string) =>
      category === 'costs'
        ? Math.min(floorTo(outageEnd - BACKFILL_MAX_HOURS * HOUR, DAY), settlingFrom)
        : Math.min(hourLimit, floorTo(outageEnd - HOURLY_WINDOW_HOURS * HOUR, HOUR));
    const carried = withoutFamily(comeback, 'openai_cost_');
    let mismatches: Mismatch[] = [];
    await waitFor(
      'the counters to equal the final totals',
      async () => {
        mismatches = mismatchesSinceBaseline(
          await scrape(),
          carried,
          simulator.truth,
          since,
          TIMELINE.trafficEnd + 60,
        );
        return mismatches.length === 0 ? true : undefined;
      },
      30_000,
    ).catch(() => undefined);
    expect
      .soft(
        summarize(mismatches),
        'counters = counted before the outage + final totals from where the exporter counted again',
      )
      .toEqual([]);
    const final = await scrape();
    // The sequence held a credit: the upstream answered a negative amount for some day and line item.
    expect.soft(sumOf(final, 'openai_cost_credits_usd_total'), 'credits counted').toBeGreaterThan(0);

    // Across the whole sequence Prometheus saw no product counter go down.
    await sleep(2_000);
    const window = `${Math.ceil(Date.now() / 1000) - realStart + 5}s`;
    const families = productCounterFamilies(final);
    expect(families.length).toBeGreaterThan(20);
    for (const family of families) {
      expect.soft(await counterResets(prometheus, family, realStart), `resets() of ${family}`).toEqual([]);
    }
    const restarts = await prometheus.query(`changes(process_start_time_seconds[${window}])`);
    expect(Number(restarts[0]?.value[1])).toBeGreaterThanOrEqual(6);
    await stop(exporter, 'settled');
  }, 300_000);
});

const floorTo = (seconds: number, width: number) => seconds - (seconds % width);

function withoutFamily(parsed: ParsedExposition, prefix: string): ParsedExposition {
  return { ...parsed, samples: parsed.samples.filter((s) => !s.name.startsWith(prefix)) };
}

function startOfMonth(seconds: number): number {
  const date = new Date(seconds * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
}

/** The upstream's answer at a simulated instant while no exporter runs. */
async function spendAt(at: number, read: () => Promise<number>): Promise<number> {
  setSimulatedTime(at);
  return read();
}

/** One line per counter family: how many label sets are off, and by how much in total. */
function summarize(mismatches: readonly Mismatch[]): string[] {
  const byMetric = new Map<string, { count: number; expected: number; actual: number }>();
  for (const m of mismatches) {
    const entry = byMetric.get(m.metric) ?? { count: 0, expected: 0, actual: 0 };
    entry.count += 1;
    entry.expected += m.expected;
    entry.actual += m.actual;
    byMetric.set(m.metric, entry);
  }
  return [...byMetric].map(
    ([metric, e]) => `${metric}: ${e.count} label sets off, expected ${e.expected} in all, got ${e.actual}`,
  );
}
