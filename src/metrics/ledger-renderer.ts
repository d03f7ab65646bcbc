// Renders one category's ledger as exposition bytes. Label strings are escaped once per series and
// reused, because at 100k series the escaping dominates the render otherwise, and lines are written
// straight into a buffer sized from the previous render.

import type { CategorySpec } from '../catalog/categories.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import {
  ExpositionWriter,
  escapeLabelValue,
  familyHeader,
  formatLabels,
  ORGANIZATION_LABEL,
} from './text-format.js';

const DAY = 86400;
type NetGauges = NonNullable<CategorySpec['netGauges']>;
/** A metric name (at most 64 bytes here), a space, a value and a newline. */
const MAX_NAME_AND_VALUE_BYTES = 96;

export class LedgerRenderer {
  private readonly labelStrings: string[] = [];
  private labelBytes = new Int32Array(64);
  private lastSize = 0;
  /** UTF-8 bytes of all cached label strings. */
  private labelTotal = 0;

  /** Fields with a signed part, and their signs: the cost gauges show their net sum. */
  private readonly signed: readonly (readonly [index: number, sign: number])[];

  /** `organization` is the value of the first label of every series. */
  constructor(
    private readonly ledger: CategoryLedger,
    private readonly organization: string,
  ) {
    const signed: [number, number][] = [];
    ledger.layout.spec.fields.forEach((field, index) => {
      if (field.sign !== undefined) signed.push([index, field.sign === 'positive' ? 1 : -1]);
    });
    this.signed = signed;
  }

  /** The net gauges show today's and this month's sums, so a new day changes the render. */
  get dependsOnDate(): boolean {
    return this.ledger.layout.spec.netGauges !== undefined;
  }

  /** A fresh buffer each call: the exposition cache keeps it without copying. */
  render(nowSeconds: number): Buffer {
    const ledger = this.ledger;
    this.cacheLabels();
    const out = new ExpositionWriter(this.lastSize > 0 ? this.lastSize + (this.lastSize >> 4) : this.bound());
    const fields = ledger.layout.spec.fields;
    const count = ledger.series.exportedCount;
    const stride = ledger.fieldCount;
    for (const index of ledger.counterFields) {
      const field = fields[index];
      if (field === undefined || ledger.fieldSeen[index] !== 1) continue;
      out.text(familyHeader(field.metric, 'counter', field.help));
      const totals = ledger.totals;
      for (let exported = 0; exported < count; exported++) {
        const value = totals[exported * stride + index] ?? 0;
        if (field.unitFrom === undefined) this.sample(out, field.metric, exported, value);
        else this.sampleWithUnit(out, field.metric, exported, value);
      }
    }
    for (const index of ledger.gaugeFields) {
      const field = fields[index];
      if (field === undefined || ledger.fieldSeen[index] !== 1) continue;
      out.text(familyHeader(field.metric, 'gauge', field.help));
      for (const [exported, values] of ledger.gauges)
        this.sample(out, field.metric, exported, values[index] ?? 0);
    }
    const netGauges = ledger.layout.spec.netGauges;
    if (netGauges !== undefined && this.signed.some(([index]) => ledger.fieldSeen[index] === 1))
      this.netGauges(out, netGauges, nowSeconds);
    const bytes = out.finish();
    this.lastSize = bytes.length;
    return bytes;
  }

  /** An upper bound of the first render's size, so it is written without regrowing the buffer. */
  private bound(): number {
    const ledger = this.ledger;
    let lines = ledger.fieldCount * ledger.series.exportedCount + 2 * ledger.gauges.size;
    if (this.dependsOnDate) lines += 2 * ledger.series.exportedCount;
    return (
      this.labelTotal +
      lines * (MAX_NAME_AND_VALUE_BYTES + this.labelTotal / Math.max(1, this.labelStrings.length)) +
      8192
    );
  }

  private sample(out: ExpositionWriter, metric: string, exported: number, value: number): void {
    out.sample(metric, this.labelStrings[exported] ?? '', this.labelBytes[exported] ?? 0, value);
  }

  /**
   * A sample with the series' unit as one more label; `''` while the unit is unknown. The cached
   * label string always has the organization, so the unit goes before its closing brace.
   */
  private sampleWithUnit(out: ExpositionWriter, metric: string, exported: number, value: number): void {
    const cached = this.labelStrings[exported] ?? '{}';
    const unit = escapeLabelValue(this.ledger.units[exported] ?? '');
    const labels = `${cached.slice(0, -1)},unit="${unit}"}`;
    out.sample(metric, labels, Buffer.byteLength(labels), value);
  }

  /** Today's and the month's net spend, from the same day buckets the counters are built from. */
  private netGauges(out: ExpositionWriter, gauges: NetGauges, nowSeconds: number): void {
    const today = nowSeconds - (nowSeconds % DAY);
    const date = new Date(today * 1000);
    const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
    const day = new Map<number, Float64Array>();
    const month = new Map<number, Float64Array>();
    this.ledger.countedInCoarse(today, day);
    for (const start of this.ledger.coarseStarts()) {
      if (start >= monthStart && start <= today) this.ledger.countedInCoarse(start, month);
    }
    // Yesterday's series too: on the 1st they show 0 for the new month instead of vanishing.
    const yesterday = new Map<number, Float64Array>();
    this.ledger.countedInCoarse(today - DAY, yesterday);
    const exportedInMonth = [...new Set([...month.keys(), ...yesterday.keys()])].sort((a, b) => a - b);
    for (const [gauge, values] of [
      [gauges.currentDay, day],
      [gauges.currentMonth, month],
    ] as const) {
      out.text(familyHeader(gauge.metric, 'gauge', gauge.help));
      for (const exported of exportedInMonth) {
        this.sample(out, gauge.metric, exported, this.net(values.get(exported)));
      }
    }
  }

  private net(values: Float64Array | undefined): number {
    let net = 0;
    for (const [index, sign] of this.signed) net += sign * (values?.[index] ?? 0);
    return net;
  }

  private cacheLabels(): void {
    const series = this.ledger.series;
    const names = this.ledger.layout.labelNames;
    const organization = `{${ORGANIZATION_LABEL}="${escapeLabelValue(this.organization)}"`;
    const count = series.exportedCount;
    if (count > this.labelBytes.length) {
      const grown = new Int32Array(Math.max(count, this.labelBytes.length * 2));
      grown.set(this.labelBytes);
      this.labelBytes = grown;
    }
    for (let exported = this.labelStrings.length; exported < count; exported++) {
      const rest = formatLabels(names, series.exportedLabels(exported));
      const labels = rest === '' ? `${organization}}` : `${organization},${rest.slice(1)}`;
      this.labelStrings.push(labels);
      this.labelBytes[exported] = Buffer.byteLength(labels);
      this.labelTotal += this.labelBytes[exported] ?? 0;
    }
  }
}
