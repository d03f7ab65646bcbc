// Messages between the benchmark runner and its child processes (over the IPC channel), and the
// figures each child reports.

import type { PhaseFigure } from './phase-monitor.js';
import type { SaveFigure } from './save-stall.js';

export interface PollFigure {
  readonly category: string;
  readonly width: string;
  readonly rows: number;
  readonly pages: number;
  /** Upstream requests of the poll at the default page sizes. */
  readonly requests: number;
  readonly jsonBytes: number;
  /** Reading the page text into rows: bounding each piece, JSON.parse of it, validation. */
  readonly decodeMs: number;
  readonly ledgerMs: number;
  /** Render, compression and assembly of the exposition after the poll (Exporter.afterPoll). */
  readonly afterPollMs: number;
}

export interface MemoryFigure {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
  readonly peakRssMb: number;
}

export interface ExporterTargetReport {
  readonly url: string;
  readonly series: number;
  readonly labelSets: Record<string, number>;
  readonly trackedRows: number;
  readonly plainBytes: number;
  readonly gzipBytes: number;
  /** The first polls of the process: 24 h of hours, the minute window, the month of costs. */
  readonly initialPolls: readonly PollFigure[];
  /** The same first polls repeated in fresh exporters after the measurements above. */
  readonly repeatedFirstPolls: readonly (readonly PollFigure[])[];
  /** One round = a 1m poll of every usage category after the clock moved a minute. */
  readonly steadyRounds: readonly (readonly PollFigure[])[];
  /** Render alone (warm label cache) and gzip alone of the whole exposition, for the breakdown. */
  readonly renderOnlyMs: number;
  readonly gzipOnlyMs: number;
  readonly memory: MemoryFigure;
  readonly state: {
    readonly saveMs: number;
    readonly bytes: number;
    readonly loadMs: number;
    readonly save: SaveFigure;
  };
  /**
   * The event loop and the resident set per phase: the first polls, the steady minute rounds, the
   * full render and gzip, and the state saves (whose loop delay covers the saves alone).
   */
  readonly phases: {
    readonly ingest: PhaseFigure;
    readonly steady: PhaseFigure;
    readonly render: PhaseFigure;
    readonly save: PhaseFigure;
  };
  /** What a fresh exporter and its ledgers keep after the first polls. */
  readonly retained: RetainedFigure;
  /** Plain exposition of the workload's families only (no self-metrics), for prom-client and promtool. */
  readonly expositionFile: string;
}

/** Upstream requests of one organization of the fleet, by poll. */
export interface OrganizationRequests {
  readonly organization: string;
  /** Its first polls together (every category at every width). */
  readonly firstPolls: number;
  /** The most one steady poll (a category at a width) took. */
  readonly maxPerPoll: number;
  readonly steadyPolls: number;
}

/** Several organizations' exporters in one process, served as one exposition (fleet-target.ts). */
export interface FleetTargetReport {
  readonly url: string;
  readonly organizations: number;
  readonly seriesPerOrganization: number;
  /** Every organization's product series, without the self-metrics (as a single scale counts). */
  readonly series: number;
  /** The self-metrics of every organization, served beside them. */
  readonly selfSeries: number;
  readonly plainBytes: number;
  readonly gzipBytes: number;
  /** Where the runner may save the bodies for the floor. */
  readonly directory: string;
  /** Every organization's first polls, then its steady minute rounds, one after another. */
  readonly phases: { readonly ingest: PhaseFigure; readonly steady: PhaseFigure };
  /** Render, merge with the other organizations' parts and gzip after each steady poll. */
  readonly afterPoll: {
    readonly polls: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
  };
  readonly requests: readonly OrganizationRequests[];
  readonly memory: MemoryFigure;
}

export interface PromClientTargetReport {
  readonly url: string;
  readonly series: number;
  readonly buildMs: number;
  readonly metricsMs: number;
  readonly plainBytes: number;
  readonly memory: MemoryFigure;
}

export interface PollingFigure {
  readonly polls: number;
  readonly saves: number;
  /** Failed polls and failed state saves. */
  readonly failures: number;
  readonly maxAfterPollMs: number;
  /** The event loop and the resident set from the first poll to the last save. */
  readonly phase: PhaseFigure;
}

/** The server that writes the exporter's own bodies from memory: the floor for a scrape. */
export interface StaticTargetReport {
  readonly url: string;
  readonly plainBytes: number;
  readonly gzipBytes: number;
}

/** Memory per series: see retained-bytes.ts. */
export interface RetainedFigure {
  /** Growth of heap used + external after GC while a fresh exporter that ran the first polls is alive. */
  readonly exporterBytes: number;
  /** The same with only its ledgers still referenced. */
  readonly ledgerBytes: number;
  /** Rows (label set × bucket) those ledgers track. */
  readonly ledgerRows: number;
  /** Exposition bodies the exporter serves, plain and gzip. */
  readonly plainBytes: number;
  readonly gzipBytes: number;
}

export type RunnerMessage =
  | { readonly type: 'start-polling'; readonly tickMs: number }
  | { readonly type: 'stop-polling' };

export type TargetMessage =
  | {
      readonly type: 'ready';
      readonly report: ExporterTargetReport | FleetTargetReport | PromClientTargetReport | StaticTargetReport;
    }
  | { readonly type: 'polling-stopped'; readonly figure: PollingFigure }
  | { readonly type: 'failed'; readonly error: string };

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly gzip: boolean;
  /** The run ends once this long has passed and at least minRequests completed. */
  readonly durationMs: number;
  readonly minRequests: number;
  /** Stops early after this many; also the hard ceiling on the run's time. */
  readonly maxRequests: number;
  readonly maxMs: number;
  /** Decompress and check every n-th gzip body (0 = never). */
  readonly verifyEvery: number;
}

export interface LoadFigure {
  readonly connections: number;
  readonly gzip: boolean;
  readonly requests: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly bytesPerRequest: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function memoryNow(): MemoryFigure {
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  return {
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    externalMb: mb(usage.external),
    arrayBuffersMb: mb(usage.arrayBuffers),
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
  };
}

/** Full collections until the heap stops shrinking, so figures are the live set, not garbage. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  for (let i = 0; i < 3; i++) gc();
}
