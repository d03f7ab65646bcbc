// The static-body floor beside the exporter. On a shared machine the load moves within seconds, so
// the ratio to the floor is taken from short gzip latency runs that alternate between the two
// servers, pair by pair, rather than from two phases seconds apart.

import { ChildFailedError, runLoadGenerator, startTarget, type Target } from './children.js';
import type { LoadOptions, StaticTargetReport } from './protocol.js';
import { median } from './stats.js';

export interface PairedFigure {
  readonly pairs: number;
  /** Exporter ÷ floor, one per pair. */
  readonly p50Ratios: readonly number[];
  readonly p99Ratios: readonly number[];
  readonly medianP50Ratio: number;
  readonly medianP99Ratio: number;
}

/** The floor's server over `bodies` (gzip file, plain file), or why it could not start. */
export async function startFloor(
  bodies: readonly string[],
): Promise<Target<StaticTargetReport> | { readonly error: string }> {
  try {
    return await startTarget<StaticTargetReport>('bench/static-target.ts', bodies, ['--expose-gc']);
  } catch (error) {
    if (error instanceof ChildFailedError) return { error: error.message.split('\n')[0] ?? error.message };
    throw error;
  }
}

/** `pairs` pairs of `phase` runs, exporter and floor, the first of each pair alternating. */
export async function pairedLatency(
  oursUrl: string,
  floorUrl: string,
  phase: LoadOptions,
  pairs: number,
): Promise<PairedFigure> {
  const p50Ratios: number[] = [];
  const p99Ratios: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? [oursUrl, floorUrl] : [floorUrl, oursUrl];
    const figures = new Map<string, { p50Ms: number; p99Ms: number }>();
    for (const url of order) figures.set(url, await runLoadGenerator({ ...phase, url }));
    const ours = figures.get(oursUrl);
    const floor = figures.get(floorUrl);
    if (ours === undefined || floor === undefined) throw new Error('a paired run is missing');
    p50Ratios.push(ours.p50Ms / floor.p50Ms);
    p99Ratios.push(ours.p99Ms / floor.p99Ms);
  }
  return {
    pairs,
    p50Ratios,
    p99Ratios,
    medianP50Ratio: median(p50Ratios),
    medianP99Ratio: median(p99Ratios),
  };
}
