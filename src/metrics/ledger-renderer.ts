// Renders one category's ledger as exposition text. Label strings are escaped once per series
// and reused, because at 100k series the escaping dominates the render otherwise.

import { COST_GAUGES } from '../catalog/categories.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { familyHeader, formatLabels, formatValue } from './text-format.js';

const DAY = 86400;

export class LedgerRenderer {
  private readonly labelStrings: string[] = [];

  constructor(private readonly ledger: CategoryLedger) {}

  render(nowSeconds: number): string {
    const ledger = this.ledger;
    this.cacheLabels();
    const chunks: string[] = [];
    const fields = ledger.layout.spec.fields;
    for (const index of ledger.counterFields) {
      const field = fields[index];
      if (field === undefined || ledger.fieldSeen[index] !== 1) continue;
      chunks.push(familyHeader(field.metric, 'counter', field.help));
      this.pushSeries(chunks, field.metric, index, ledger.totals, ledger.fieldCount);
    }
    for (const index of ledger.gaugeFields) {
      const field = fields[index];
      if (field === undefined || ledger.fieldSeen[index] !== 1) continue;
      chunks.push(familyHeader(field.metric, 'gauge', field.help));
      for (const [exported, values] of ledger.gauges) {
        chunks.push(
          `${field.metric}${this.labelStrings[exported] ?? ''} ${formatValue(values[index] ?? 0)}\n`,
        );
      }
    }
    if (ledger.layout.spec.id === 'costs' && ledger.fieldSeen[0] === 1)
      this.pushCostGauges(chunks, nowSeconds);
    return chunks.join('');
  }

  private pushSeries(
    chunks: string[],
    metric: string,
    field: number,
    values: Float64Array,
    stride: number,
  ): void {
    const count = this.ledger.series.exportedCount;
    for (let exported = 0; exported < count; exported++) {
      chunks.push(
        `${metric}${this.labelStrings[exported]} ${formatValue(values[exported * stride + field] ?? 0)}\n`,
      );
    }
  }

  /** Today's and the month's spend, from the same day buckets the counter is built from. */
  private pushCostGauges(chunks: string[], nowSeconds: number): void {
    const today = nowSeconds - (nowSeconds % DAY);
    const date = new Date(today * 1000);
    const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
    const day = new Map<number, Float64Array>();
    const month = new Map<number, Float64Array>();
    this.ledger.countedInCoarse(today, day);
    for (const start of this.ledger.coarseStarts()) {
      if (start >= monthStart && start <= today) this.ledger.countedInCoarse(start, month);
    }
    const exportedInMonth = [...month.keys()].sort((a, b) => a - b);
    chunks.push(familyHeader(COST_GAUGES.currentDay.metric, 'gauge', COST_GAUGES.currentDay.help));
    for (const exported of exportedInMonth) {
      const value = day.get(exported)?.[0] ?? 0;
      chunks.push(`${COST_GAUGES.currentDay.metric}${this.labelStrings[exported]} ${formatValue(value)}\n`);
    }
    chunks.push(familyHeader(COST_GAUGES.currentMonth.metric, 'gauge', COST_GAUGES.currentMonth.help));
    for (const exported of exportedInMonth) {
      const value = month.get(exported)?.[0] ?? 0;
      chunks.push(`${COST_GAUGES.currentMonth.metric}${this.labelStrings[exported]} ${formatValue(value)}\n`);
    }
  }

  private cacheLabels(): void {
    const series = this.ledger.series;
    const names = this.ledger.layout.labelNames;
    for (let exported = this.labelStrings.length; exported < series.exportedCount; exported++) {
      this.labelStrings.push(formatLabels(names, series.exportedLabels(exported)));
    }
  }
}
