// Renders one category's ledger as exposition bytes. Label strings are escaped once per series and
// reused, because at 100k series the escaping dominates the render otherwise, and lines are written
// straight into a buffer sized from the previous render.

import { type Pacing, runPaced } from '../domain/pacing.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { netSums } from './net-sums.js';
import {
  ExpositionWriter,
  escapeLabelValue,
  familyHeader,
  formatLabels,
  ORGANIZATION_LABEL,
} from './text-format.js';

/** Lines written between two looks at the clock: a look costs about as much as a line. */
const LINES_PER_RUN = 64;
/** Sliced tries a poll may spoil by changing the ledger, before the body is written at once. */
const SLICED_TRIES = 3;
const NEVER_STALE = () => false;

/** A metric name (at most 64 bytes here), a space, a value and a newline. */
const MAX_NAME_AND_VALUE_BYTES = 96;

export class LedgerRenderer {
  private readonly labelStrings: string[] = [];
  private labelBytes = new Int32Array(64);
  private lastSize = 0;
  #renderedRevision: number | undefined;
  /** UTF-8 bytes of all cached label strings. */
  private labelTotal = 0;

  /** `{organization="…"` without its closing brace: every cached label string starts so. */
  private readonly organizationLabel: string;

  /** Fields with a signed part, and their signs: the cost gauges show their net sum. */
  private readonly signed: readonly (readonly [index: number, sign: number])[];

  /** `organization` is the value of the first label of every series. */
  constructor(
    private readonly ledger: CategoryLedger,
    organization: string,
  ) {
    const signed: [number, number][] = [];
    ledger.layout.spec.fields.forEach((field, index) => {
      if (field.sign !== undefined) signed.push([index, field.sign === 'positive' ? 1 : -1]);
    });
    this.signed = signed;
    this.organizationLabel = `{${ORGANIZATION_LABEL}="${escapeLabelValue(organization)}"`;
  }

  /** The net gauges show today's and this month's sums, so a new day changes the render. */
  get dependsOnDate(): boolean {
    return this.ledger.layout.spec.netGauges !== undefined;
  }

  /** The ledger revision the last body describes; undefined before the first render. */
  get renderedRevision(): number | undefined {
    return this.#renderedRevision;
  }

  /** A fresh buffer each call: the exposition cache keeps it without copying. */
  render(nowSeconds: number): Buffer {
    this.cacheLabels(this.ledger.series.exportedCount);
    const revision = this.ledger.revision;
    const out = this.writer();
    for (const _ of this.lines(out, nowSeconds, Number.POSITIVE_INFINITY, NEVER_STALE));
    return this.finish(out, revision);
  }

  /**
   * The bytes `render` gives, written in runs of `linesPerRun` lines with a turn of the event loop
   * whenever `pacing`'s slice is used up. The body describes the ledger at one revision: when an
   * ingest changed it during a turn, the render starts over, and after SLICED_TRIES it is written
   * at once. A poll and its render never overlap (the Scheduler runs a category's polls
   * and what follows them one at a time), but the midnight roll-over renders on its own timer.
   */
  async renderSliced(nowSeconds: number, pacing: Pacing, linesPerRun = LINES_PER_RUN): Promise<Buffer> {
    // New series' labels first (at start-up, all of them): escaping them is most of a first render.
    await runPaced(this.labelRuns(linesPerRun), pacing);
    for (let tries = 0; tries < SLICED_TRIES; tries++) {
      this.cacheLabels(this.ledger.series.exportedCount);
      const revision = this.ledger.revision;
      let stale = false;
      const changed = () => {
        stale = this.ledger.revision !== revision;
        return stale;
      };
      const out = this.writer();
      await runPaced(this.lines(out, nowSeconds, linesPerRun, changed), pacing);
      if (!stale) return this.finish(out, revision);
    }
    return this.render(nowSeconds);
  }

  private writer(): ExpositionWriter {
    return new ExpositionWriter(this.lastSize > 0 ? this.lastSize + (this.lastSize >> 4) : this.bound());
  }

  private finish(out: ExpositionWriter, revision: number): Buffer {
    const bytes = out.finish();
    this.lastSize = bytes.length;
    this.#renderedRevision = revision;
    return bytes;
  }

  /**
   * Writes the body into `out`, pausing after every `run` lines; after each pause it stops early
   * when `stale()` says the ledger changed meanwhile. What a pause could change without a new
   * revision is read before the first pause: the series count (new series are interned before
   * they have values), the gauge map and the month's day buckets (a prune forgets old ones).
   */
  private *lines(
    out: ExpositionWriter,
    nowSeconds: number,
    run: number,
    stale: () => boolean,
  ): Generator<void> {
    const ledger = this.ledger;
    const count = ledger.series.exportedCount;
    const gauges = ledger.gauges;
    const netGauges = ledger.layout.spec.netGauges;
    const net =
      netGauges !== undefined && this.signed.some(([index]) => ledger.fieldSeen[index] === 1)
        ? netSums(ledger, nowSeconds)
        : undefined;
    let left = run;
    const fields = ledger.layout.spec.fields;
    const stride = ledger.fieldCount;
    for (const index of ledger.counterFields) {
      const field = fields[index];
      if (field === undefined || ledger.fieldSeen[index] !== 1) continue;
      out.text(familyHeader(field.metric, 'counter', field.help));
      for (let exported = 0; exported < count; exported++) {
        const value = ledger.totals[exported * stride + index] ?? 0;
        if (field.unitFrom === undefined) this.sample(out, field.metric, exported, value);
        else this.sampleWithUnit(out, field.metric, exported, value);
        if (--left > 0) continue;
        left = run;
        yield;
        if (stale()) return;
      }
    }
    for (const index of ledger.gaugeFields) {
      const field = fields[index];
      if (field === undefined || ledger.fieldSeen[index] !== 1) continue;
      out.text(familyHeader(field.metric, 'gauge', field.help));
      for (const [exported, values] of gauges) {
        this.sample(out, field.metric, exported, values[index] ?? 0);
        if (--left > 0) continue;
        left = run;
        yield;
        if (stale()) return;
      }
    }
    if (netGauges === undefined || net === undefined) return;
    for (const [gauge, values] of [
      [netGauges.currentDay, net.day],
      [netGauges.currentMonth, net.month],
    ] as const) {
      out.text(familyHeader(gauge.metric, 'gauge', gauge.help));
      for (const exported of net.exported) {
        this.sample(out, gauge.metric, exported, this.net(values.get(exported)));
        if (--left > 0) continue;
        left = run;
        yield;
        if (stale()) return;
      }
    }
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

  private net(values: Float64Array | undefined): number {
    let net = 0;
    for (const [index, sign] of this.signed) net += sign * (values?.[index] ?? 0);
    return net;
  }

  /** Caches the labels of series not seen before, pausing after every `run` of them. */
  private *labelRuns(run: number): Generator<void> {
    for (let exported = this.labelStrings.length; exported < this.ledger.series.exportedCount; exported++) {
      this.cacheLabel(exported);
      if (exported % run === run - 1) yield;
    }
  }

  private cacheLabels(count: number): void {
    for (let exported = this.labelStrings.length; exported < count; exported++) this.cacheLabel(exported);
  }

  /** Escapes one series' labels once; series are only ever appended, so the cache only grows. */
  private cacheLabel(exported: number): void {
    if (exported >= this.labelBytes.length) {
      const grown = new Int32Array(Math.max(exported + 1, this.labelBytes.length * 2));
      grown.set(this.labelBytes);
      this.labelBytes = grown;
    }
    const rest = formatLabels(this.ledger.layout.labelNames, this.ledger.series.exportedLabels(exported));
    const labels = rest === '' ? `${this.organizationLabel}}` : `${this.organizationLabel},${rest.slice(1)}`;
    this.labelStrings.push(labels);
    this.labelBytes[exported] = Buffer.byteLength(labels);
    this.labelTotal += this.labelBytes[exported] ?? 0;
  }
}
