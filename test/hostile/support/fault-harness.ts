// An exporter and a simulator sharing one injected clock, with a real /metrics server in front:
// tests inject upstream faults, play polls five minutes at a time and scrape while they run.
// Every scrape is checked against the previous one, so a counter that ever goes down or
// disappears is caught wherever in the run it happens.

import { pino } from 'pino';
import { createSimulator, type RunningSimulator, type Simulator } from '../../../simulator/index.js';
import { CATEGORY_IDS, type CategoryId } from '../../../src/catalog/categories.js';
import { type ExporterConfig, loadConfig } from '../../../src/config/index.js';
import { Exporter } from '../../../src/exporter/exporter.js';
import { createApp } from '../../../src/http/app.js';
import { listen, type RunningServer } from '../../../src/http/server.js';
import { SelfMetrics } from '../../../src/metrics/self-metrics.js';
import { RequestGate, UsageClient, type UsageClientOptions } from '../../../src/openai/index.js';
import { counterMismatches, type Mismatch } from '../../support/exactness.js';
import { parseExposition } from '../../support/exposition.js';
import { type Regression, regressions, type Scrape } from './scrape-checks.js';

export const MINUTE_MS = 60_000;
/** 2026-11-02 09:00:17 UTC: unaligned, and early in the month so the first costs poll reads few days. */
export const START_MS = Date.UTC(2026, 10, 2, 9, 0, 17);
export const FINALIZATION_SECONDS = 480;
export const ADMIN_KEY = 'sk-admin-hostile-harness';

export type ClientOverrides = Pick<
  UsageClientOptions,
  'timeoutMs' | 'maxRetries' | 'maxResponseBytes' | 'retryMaxMs'
>;

export interface HarnessOptions {
  readonly seed: number;
  /** Minutes after START_MS at which traffic stops. */
  readonly trafficMinutes: number;
  readonly client?: ClientOverrides;
  /** Sees every wait the client and the shared gate ask for; waits never take real time. */
  readonly onSleep?: (ms: number, who: 'client' | 'gate') => void;
  /** Sees every upstream answer (an HTTP status, or `timeout` / `network`) as it arrives. */
  readonly onResponse?: (category: CategoryId, code: string) => void;
}
export class FaultHarness {
  readonly simulator: Simulator;
  readonly config: ExporterConfig;
  readonly metrics: SelfMetrics;
  readonly exporter: Exporter;
  readonly gate: RequestGate;
  readonly scrapes: Scrape[] = [];
  readonly regressions: Regression[] = [];
  readonly statuses: number[] = [];
  /** Milliseconds since START_MS on the shared clock. */
  private offsetMs = 0;
  /** The minute of the last round played; rounds fall on multiples of 5. */
  private lastRound = -5;
  private server: RunningServer | undefined;

  private constructor(
    options: HarnessOptions,
    private readonly upstream: RunningSimulator,
    simulator: Simulator,
  ) {
    this.simulator = simulator;
    const base = loadConfig([], {}).config;
    // Short windows keep pages small; a fault longer than the 1m window must be healed by the hours.
    this.config = {
      ...base,
      poll: { ...base.poll, minuteWindowMs: 30 * MINUTE_MS, hourlyWindowMs: 3 * 60 * MINUTE_MS },
    };
    this.metrics = new SelfMetrics({ version: 'test', revision: 'test' });
    const now = () => this.nowMs;
    this.gate = new RequestGate({
      requestsPerSecond: 0,
      now,
      sleep: async (ms) => options.onSleep?.(ms, 'gate'),
    });
    const client = new UsageClient({
      baseUrl: upstream.baseUrl,
      adminKey: ADMIN_KEY,
      now,
      gate: this.gate,
      sleep: async (ms) => options.onSleep?.(ms, 'client'),
      // Full jitter at its ceiling: deterministic, and the longest wait a retry could ask for.
      random: () => 0.999,
      timeoutMs: 10_000,
      ...options.client,
      observer: {
        onResponse: (category, code) => {
          this.metrics.upstreamResponse(category, code);
          options.onResponse?.(category, code);
        },
        onRetry: (category, reason) => this.metrics.upstreamRetry(category, reason),
        onRateLimited: (category) => this.metrics.upstreamRateLimited(category),
      },
    });
    this.exporter = new Exporter({
      config: this.config,
      source: client,
      logger: pino({ level: 'silent' }),
      nowMs: now,
      metrics: this.metrics,
    });
  }

  static async start(options: HarnessOptions): Promise<FaultHarness> {
    let harness: FaultHarness | undefined;
    const simulator = createSimulator({
      seed: options.seed,
      now: () => harness?.nowMs ?? START_MS,
      finalizationDelaySeconds: FINALIZATION_SECONDS,
      trafficEndTime: START_MS / 1000 + options.trafficMinutes * 60,
    });
    const upstream = await simulator.listen();
    harness = new FaultHarness(options, upstream, simulator);
    const exporter = harness.exporter;
    harness.server = await listen(
      createApp({
        telemetryPath: '/metrics',
        exposition: exporter.cache,
        isReady: () => exporter.ready,
        landing: () => ({ version: 'test', nowSeconds: START_MS / 1000, categories: [] }),
      }),
      '127.0.0.1:0',
    );
    await exporter.renderAll();
    return harness;
  }

  get nowMs(): number {
    return START_MS + this.offsetMs;
  }

  get minute(): number {
    return this.offsetMs / MINUTE_MS;
  }

  /** Moves the shared clock on, e.g. from an injected sleep. */
  advanceBy(ms: number): void {
    this.offsetMs += ms;
  }

  /**
   * Plays the schedule up to and including `minute`: every 5 minutes the 1m and 1d polls, every
   * 15 the 1h polls, coarse widths first, each category in turn. /metrics is scraped while each
   * round's polls are in flight and again once they are done.
   */
  async playUntil(minute: number): Promise<void> {
    for (let m = this.lastRound + 5; m <= minute; m += 5) {
      this.lastRound = m;
      // Sleeps may have moved the clock past the round already; it never goes back.
      this.offsetMs = Math.max(this.offsetMs, m * MINUTE_MS);
      const round = this.round(m);
      await this.scrape();
      await round;
      await this.scrape();
    }
  }

  private async round(minute: number): Promise<void> {
    for (const poller of this.exporter.pollers) {
      for (const width of [...poller.widths].reverse()) {
        if (width === '1h' && minute % 15 !== 0) continue;
        await this.exporter.afterPoll(poller, await poller.poll(width));
      }
    }
  }

  /** One GET /metrics, checked against the previous scrape. */
  async scrape(): Promise<Scrape> {
    const response = await fetch(`${this.server?.url}/metrics`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const text = await response.text();
    this.statuses.push(response.status);
    const scrape: Scrape = { atMinute: this.minute, status: response.status, parsed: parseExposition(text) };
    const previous = this.scrapes.at(-1);
    if (previous !== undefined) this.regressions.push(...regressions(previous, scrape));
    this.scrapes.push(scrape);
    return scrape;
  }

  get lastScrape(): Scrape {
    const last = this.scrapes.at(-1);
    if (last === undefined) throw new Error('nothing scraped yet');
    return last;
  }

  /** Per category, how the served counters differ from the simulator's final totals. */
  mismatches(endMinute: number): Partial<Record<CategoryId, Mismatch[]>> {
    const parsed = this.lastScrape.parsed;
    const found: Partial<Record<CategoryId, Mismatch[]>> = {};
    for (const category of CATEGORY_IDS) {
      const mismatches = counterMismatches(
        parsed,
        this.simulator.truth,
        {
          category,
          startTime: this.exporter.ledger(category)?.countedSince ?? 0,
          endTime: START_MS / 1000 + endMinute * 60,
          groupBy: this.config.categories[category].groupBy,
        },
        // Costs are sums of doubles; every other counter is an exact integer.
        category === 'costs' ? 1e-9 : 0,
      );
      if (mismatches.length > 0) found[category] = mismatches;
    }
    return found;
  }

  async close(): Promise<void> {
    await this.server?.close();
    await this.upstream.close();
  }
}
