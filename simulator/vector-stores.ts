// Vector storage is a level, not a flow: each project's stored bytes grow slowly while traffic
// flows and stay stored after it stops. A level is a snapshot, known as soon as it is measured,
// so unlike flows it is not revised late; a bucket reports the level of its last started minute
// (levels never shrink, so that is also its highest).

import { hashOf, unitAt } from './prng.js';
import { firstFutureMinute } from './revision.js';
import type { TrafficWindow } from './traffic.js';

/** Minute index the linear growth is measured from (2021-05-03). */
const GROWTH_ANCHOR_MINUTE = 27_000_000;

export class VectorStoreModel {
  private readonly base: Float64Array;
  private readonly growth: Float64Array;

  constructor(
    seed: number,
    readonly projects: number,
    private readonly traffic: TrafficWindow,
  ) {
    this.base = new Float64Array(projects);
    this.growth = new Float64Array(projects);
    for (let p = 0; p < projects; p++) {
      const h = hashOf(seed, 0x200, p);
      const hasStorage = p === 0 || unitAt(h, 0) < 0.8;
      this.base[p] = hasStorage ? 20_000_000 + Math.floor(unitAt(h, 1) * 500_000_000) : 0;
      this.growth[p] = hasStorage ? 20 + Math.floor(unitAt(h, 2) * 1500) : 0;
    }
  }

  /** Final stored bytes of project `p` during `minute` (0 outside the traffic window). */
  finalLevel(p: number, minute: number): number {
    if (minute < this.traffic.firstMinute) return 0;
    const base = this.base[p] ?? 0;
    if (base === 0) return 0;
    const grownUntil = Math.min(minute, this.traffic.endMinute - 1);
    return base + Math.floor((this.growth[p] ?? 0) * Math.max(0, grownUntil - GROWTH_ANCHOR_MINUTE));
  }

  /** The minute whose level a bucket over [firstMinute, endMinute) shows at `nowMs`: its last started one. */
  candidates(firstMinute: number, endMinute: number, nowMs: number): { minute: number; fraction: number }[] {
    const lo = Math.max(firstMinute, this.traffic.firstMinute);
    const hi = Math.min(endMinute, firstFutureMinute(nowMs));
    return lo < hi ? [{ minute: hi - 1, fraction: 1 }] : [];
  }

  visibleLevel(p: number, minute: number, _fraction: number): number {
    return this.finalLevel(p, minute);
  }

  /** Per project, the highest visible level over the minutes (what a per-project bucket shows). */
  projectLevels(firstMinute: number, endMinute: number, nowMs: number): Float64Array {
    const out = new Float64Array(this.projects);
    for (const { minute, fraction } of this.candidates(firstMinute, endMinute, nowMs)) {
      for (let p = 0; p < this.projects; p++)
        out[p] = Math.max(out[p] ?? 0, this.visibleLevel(p, minute, fraction));
    }
    return out;
  }
}
