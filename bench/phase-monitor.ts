// What one phase of the exporter's life costs beyond its duration: how long the event loop was held
// (monitorEventLoopDelay) and how high the resident set rose. A scrape arriving during the phase
// waits for the loop; the peak is what the host must have free.

import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Percentiles of monitorEventLoopDelay at 1 ms resolution; each sample includes the 1 ms interval itself. */
export interface LoopDelayFigure {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface PhaseFigure {
  readonly loopDelay: LoopDelayFigure;
  readonly peakRssMb: number;
  /**
   * True when the process's lifetime maximum (getrusage maxRSS) rose during the phase, so the peak
   * is the kernel's exact figure; otherwise it is the highest sample of a 5 ms sampler, which
   * cannot run inside a synchronous stretch and may miss a short spike there.
   */
  readonly peakRssExact: boolean;
  readonly ms: number;
}

const SAMPLE_EVERY_MS = 5;

export function loopDelayOf(histogram: IntervalHistogram): LoopDelayFigure {
  const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
  return {
    p50Ms: ms(histogram.percentile(50)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
  };
}

/** Watches the loop and the resident set from start() to stop(); pause() leaves stretches out. */
export class PhaseMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: 1 });
  private sampler: NodeJS.Timeout | undefined;
  private peakRss = 0;
  private readonly maxRssBefore = process.resourceUsage().maxRSS * 1024;
  private readonly started = performance.now();

  constructor() {
    this.resume();
  }

  resume(): void {
    this.sample();
    this.histogram.enable();
    this.sampler = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  pause(): void {
    this.sample();
    this.histogram.disable();
    clearInterval(this.sampler);
    this.sampler = undefined;
  }

  stop(): PhaseFigure {
    if (this.sampler !== undefined) this.pause();
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const exact = maxRss > this.maxRssBefore;
    const peak = exact ? Math.max(maxRss, this.peakRss) : this.peakRss;
    return {
      loopDelay: loopDelayOf(this.histogram),
      peakRssMb: Math.round((peak / 1048576) * 10) / 10,
      peakRssExact: exact,
      ms: performance.now() - this.started,
    };
  }

  /** For synchronous work, which the timer cannot interrupt. */
  sample(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
  }
}

/** Runs `work` as one phase. */
export async function measurePhase<T>(work: () => Promise<T>): Promise<{ value: T; phase: PhaseFigure }> {
  const monitor = new PhaseMonitor();
  const value = await work();
  return { value, phase: monitor.stop() };
}
