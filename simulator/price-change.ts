// One model's prices changed from a UTC day on (SimulatorOptions.priceChange), so tests can show
// prices learned from the bill following a change. Amounts are priced per day, so the change is
// exact: every line item of the model costs `factor` times its list price from that midnight on.

import type { LineItemCatalog } from './line-items.js';
import { SimulatorOptionsError } from './organization.js';
import type { PriceChange } from './types.js';

const DAY = 86_400;

export class PriceSchedule {
  private readonly changed: ReadonlySet<number>;

  constructor(
    private readonly catalog: LineItemCatalog,
    private readonly change?: PriceChange,
  ) {
    if (change === undefined) {
      this.changed = new Set();
      return;
    }
    checkPriceChange(change);
    const changed = new Set<number>();
    catalog.items.forEach((item, index) => {
      if (item.model === change.model) changed.add(index);
    });
    if (changed.size === 0) {
      throw new SimulatorOptionsError(`priceChange.model: no line item bills model '${change.model}'`);
    }
    this.changed = changed;
  }

  /** USD per reported unit of a line item during the UTC day starting at `dayStart`. */
  price(lineItem: number, dayStart: number): number {
    const list = this.catalog.item(lineItem).price;
    const change = this.change;
    if (change === undefined || dayStart < change.fromTime || !this.changed.has(lineItem)) return list;
    return list * change.factor;
  }
}

function checkPriceChange(change: PriceChange): void {
  if (!Number.isSafeInteger(change.fromTime) || change.fromTime % DAY !== 0) {
    throw new SimulatorOptionsError(
      `priceChange.fromTime must be a UTC midnight in unix seconds, got ${change.fromTime}`,
    );
  }
  if (!Number.isFinite(change.factor) || change.factor <= 0) {
    throw new SimulatorOptionsError(`priceChange.factor must be a number > 0, got ${change.factor}`);
  }
}
