// The state save with the event loop watched: how long the loop is held at a stretch while the
// file is written (the figure: no stall over 20 ms at 100k series), the synchronous copy
// of the ledgers a save starts with, and the save's wall time.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CategoryLedger } from '../src/ledger/category-ledger.js';
import { CopyArena } from '../src/ledger/copy-arena.js';
import { type LoopDelayFigure, loopDelayOf } from './phase-monitor.js';

export interface SaveFigure {
  readonly saves: number;
  /** Slowest save from start to the renamed, fsynced file. */
  readonly wallMs: number;
  /** Longest gap between the ticks of a 1 ms interval timer during any save: the stall a scrape would see. */
  readonly maxStallMs: number;
  /**
   * The most CPU time the process spent between two such ticks: the stall on an idle machine. On a
   * loaded one the wall-clock gaps also hold the time the process waited for a core.
   */
  readonly maxStallCpuMs: number;
  /** monitorEventLoopDelay at 1 ms resolution over all saves: maximum and 99th percentile of the delay. */
  readonly loopDelayMaxMs: number;
  readonly loopDelayP99Ms: number;
  /** The same histogram's p50, p99 and maximum. */
  readonly loopDelay: LoopDelayFigure;
  /** The synchronous copy of every ledger a save begins with (into memory touched beforehand, as the keeper does), slowest of `saves` tries. */
  readonly freezeMs: number;
  readonly freezeCpuMs: number;
  /** Longest gap between the same ticks over a second with no save: what the machine's load alone causes. */
  readonly idleMaxGapMs: number;
}

export async function measureSaves(
  save: () => Promise<void>,
  ledgers: readonly CategoryLedger[],
  saves: number,
): Promise<SaveFigure> {
  let freezeMs = 0;
  let freezeCpuMs = 0;
  for (let i = 0; i < saves; i++) {
    const arena = touchedArena(ledgers);
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const ledger of ledgers) ledger.frozen(arena);
    const used = process.cpuUsage(cpu);
    freezeMs = Math.max(freezeMs, performance.now() - started);
    freezeCpuMs = Math.max(freezeCpuMs, (used.user + used.system) / 1000);
  }
  const idleMaxGapMs = await idleGap(1000);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let wallMs = 0;
  let maxStallMs = 0;
  let maxStallCpuMs = 0;
  for (let i = 0; i < saves; i++) {
    let lastTick = performance.now();
    let lastCpu = process.cpuUsage();
    const tick = () => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      maxStallMs = Math.max(maxStallMs, now - lastTick);
      maxStallCpuMs = Math.max(maxStallCpuMs, (cpu.user + cpu.system) / 1000);
      lastTick = now;
      lastCpu = process.cpuUsage();
    };
    const ticker = setInterval(tick, 1);
    histogram.enable();
    const started = performance.now();
    await save();
    // The stretch between the last tick and the save's end is a stall as well.
    tick();
    const ended = performance.now();
    histogram.disable();
    clearInterval(ticker);
    wallMs = Math.max(wallMs, ended - started);
  }
  return {
    saves,
    wallMs,
    maxStallMs,
    maxStallCpuMs,
    loopDelayMaxMs: histogram.max / 1e6,
    loopDelayP99Ms: histogram.percentile(99) / 1e6,
    loopDelay: loopDelayOf(histogram),
    freezeMs,
    freezeCpuMs,
    idleMaxGapMs,
  };
}

/** What StateKeeper prepares before it copies, here all at once and untimed. */
function touchedArena(ledgers: readonly CategoryLedger[]): CopyArena {
  const sizes = ledgers.map((ledger) => ledger.copySize());
  const arena = new CopyArena(
    sizes.reduce((sum, size) => sum + size.floats, 0),
    sizes.reduce((sum, size) => sum + size.ints, 0),
  );
  for (const _ of arena.prefault());
  return arena;
}

/** The longest gap between 1 ms ticks while nothing else runs in this process. */
async function idleGap(durationMs: number): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  clearInterval(ticker);
  return longest;
}
