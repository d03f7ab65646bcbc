// The real Exporter (pollers, ledgers, renderers, exposition cache) fed by generated pages at a
// clock the benchmark moves, with every poll timed apart from the page generation.

import { pino } from 'pino';
import type { BucketWidth, CategoryId } from '../src/catalog/categories.js';
import { type ExporterConfig, loadConfig } from '../src/config/index.js';
import { Exporter, type ExporterDeps } from '../src/exporter/exporter.js';
import type { CategoryPoller } from '../src/poller/category-poller.js';
import { emptyCounters, PageSource } from './page-source.js';
import type { PollFigure } from './protocol.js';
import type { Workload } from './workload.js';

/** Mid-afternoon late in a month: 24 full hours, a full minute window and 27 days of costs. */
export const BENCH_START_MS = Date.UTC(2026, 9, 28, 14, 37, 23);
const MINUTE_MS = 60_000;
/** Minute rounds between two polls at a width: the benchmark's own cadence, not the defaults. */
const ROUNDS_BETWEEN_POLLS: Readonly<Record<BucketWidth, number>> = { '1m': 1, '1h': 15, '1d': 5 };
export const silentLogger = pino({ level: 'silent' });

export function benchConfig(workload: Workload, storagePath: string): ExporterConfig {
  const base = loadConfig([], {}).config;
  const categories = { ...base.categories };
  for (const id of Object.keys(categories) as CategoryId[]) {
    const synthetic = workload.categories.find((category) => category.id === id);
    categories[id] = {
      ...categories[id],
      enabled: synthetic !== undefined,
      groupBy: synthetic?.groupBy ?? categories[id].groupBy,
    };
  }
  return { ...base, categories, storage: { path: storagePath }, series: { limit: 10_000_000 } };
}

export class BenchExporter {
  now = BENCH_START_MS;
  readonly source: PageSource;
  readonly exporter: Exporter;

  constructor(
    readonly workload: Workload,
    readonly config: ExporterConfig,
    /** One organization of several: its name, the shared parts and its self-metrics. */
    organization: Pick<ExporterDeps, 'organization' | 'parts' | 'metrics'> = {},
  ) {
    this.source = new PageSource(workload.categories, () => this.now);
    this.exporter = new Exporter({
      ...organization,
      config,
      source: this.source,
      logger: silentLogger,
      nowMs: () => this.now,
    });
  }

  async poll(poller: CategoryPoller, width: '1m' | '1h' | '1d'): Promise<PollFigure> {
    this.source.counters = emptyCounters();
    const t0 = performance.now();
    const changed = await poller.poll(width);
    const t1 = performance.now();
    if (poller.progress[width]?.lastError !== undefined) throw new Error(poller.progress[width]?.lastError);
    await this.exporter.afterPoll(poller, changed);
    const t2 = performance.now();
    const c = this.source.counters;
    return {
      category: poller.spec.id,
      width,
      rows: c.rows,
      pages: c.pages,
      requests: c.requests,
      jsonBytes: c.bytes,
      decodeMs: c.decodeMs,
      // The ledger takes each run of rows as it is decoded: the rest of the poll's time.
      ledgerMs: t1 - t0 - c.generateMs - c.decodeMs,
      afterPollMs: t2 - t1,
    };
  }

  /** Every category at every width, coarse first, as on a fresh start. */
  async initialPolls(): Promise<PollFigure[]> {
    const figures: PollFigure[] = [];
    for (const poller of this.exporter.pollers) {
      for (const width of [...poller.widths].reverse()) figures.push(await this.poll(poller, width));
    }
    return figures;
  }

  /** The clock moves one minute; every category polls its minutes, hours every 15th, days every 5th. */
  async minuteRound(round: number): Promise<PollFigure[]> {
    this.now += MINUTE_MS;
    const figures: PollFigure[] = [];
    for (const poller of this.exporter.pollers) {
      for (const width of [...poller.widths].reverse()) {
        if (round % ROUNDS_BETWEEN_POLLS[width] === 0) figures.push(await this.poll(poller, width));
      }
    }
    return figures;
  }
}
