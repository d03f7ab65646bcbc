// Visible per-stream sums for any minute range at any instant. Final days and hours come from
// the cache; unfinished minutes are computed on the fly with their revision fraction, so a 1h
// or 1d bucket is always exactly the sum of its minutes as visible at the same instant.

import type { AggregateCache } from './aggregate-cache.js';
import { firstFutureMinute, firstUnfinalMinute, visibleFraction } from './revision.js';
import { type FrozenTable, TableBuilder } from './stream-table.js';
import type { TrafficWindow } from './traffic.js';
import type { FlowCategoryId, FlowModel } from './usage-model.js';

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 1440;

export class FlowAggregator {
  constructor(
    private readonly models: ReadonlyMap<FlowCategoryId, FlowModel>,
    private readonly delaySeconds: number,
    private readonly traffic: TrafficWindow,
    private readonly cache: AggregateCache<FrozenTable>,
  ) {}

  model(category: FlowCategoryId): FlowModel {
    const model = this.models.get(category);
    if (model === undefined) throw new RangeError(`no flow model for ${category}`);
    return model;
  }

  /** Per-stream sums over minutes [firstMinute, endMinute) as visible at `nowMs` (Infinity: final). */
  table(category: FlowCategoryId, firstMinute: number, endMinute: number, nowMs: number): FrozenTable {
    const model = this.model(category);
    const builder = new TableBuilder(model.width);
    const lo = Math.max(firstMinute, this.traffic.firstMinute);
    const hi = Math.min(endMinute, this.traffic.endMinute, firstFutureMinute(nowMs));
    const finalLimit = Math.min(hi, firstUnfinalMinute(nowMs, this.delaySeconds));
    let minute = lo;
    while (minute < hi) {
      if (minute < finalLimit) {
        if (minute % MINUTES_PER_DAY === 0 && minute + MINUTES_PER_DAY <= finalLimit) {
          builder.merge(this.finalDay(model, minute));
          minute += MINUTES_PER_DAY;
        } else if (minute % MINUTES_PER_HOUR === 0 && minute + MINUTES_PER_HOUR <= finalLimit) {
          builder.merge(this.finalHour(model, minute));
          minute += MINUTES_PER_HOUR;
        } else {
          addMinute(model, minute, 1, builder);
          minute += 1;
        }
      } else {
        addMinute(model, minute, visibleFraction(minute, nowMs, this.delaySeconds), builder);
        minute += 1;
      }
    }
    return builder.freeze();
  }

  private finalHour(model: FlowModel, firstMinute: number): FrozenTable {
    return this.cache.getOrCompute(`${model.category}:h:${firstMinute}`, () => {
      const builder = new TableBuilder(model.width);
      for (let m = firstMinute; m < firstMinute + MINUTES_PER_HOUR; m++) addMinute(model, m, 1, builder);
      return builder.freeze();
    });
  }

  private finalDay(model: FlowModel, firstMinute: number): FrozenTable {
    return this.cache.getOrCompute(`${model.category}:d:${firstMinute}`, () => {
      const builder = new TableBuilder(model.width);
      for (let h = firstMinute; h < firstMinute + MINUTES_PER_DAY; h += MINUTES_PER_HOUR) {
        builder.merge(this.finalHour(model, h));
      }
      return builder.freeze();
    });
  }
}

function addMinute(model: FlowModel, minute: number, fraction: number, builder: TableBuilder): void {
  if (fraction <= 0) return;
  if (fraction >= 1) {
    model.forEachEvent(minute, (key, components) => builder.add(key, components));
    return;
  }
  const scaled = new Float64Array(model.width);
  model.forEachEvent(minute, (key, components) => {
    let any = false;
    for (let c = 0; c < model.width; c++) {
      const value = Math.floor((components[c] ?? 0) * fraction);
      scaled[c] = value;
      if (value > 0) any = true;
    }
    if (any) builder.add(key, scaled);
  });
}
