// Interns label sets twice: every distinct upstream label set gets a ledger slot (the ledger must
// track each one separately to stay exact), and each slot maps to an exported series. Past the
// series limit, new label sets share one exported `__other__` series, so totals stay exact while
// Prometheus sees bounded cardinality.

export const OTHER_LABEL_VALUE = '__other__';

const KEY_SEPARATOR = '\u0000';

export interface SeriesIndexSnapshot {
  readonly labelSets: readonly (readonly string[])[];
  /** Exported series index per label set, parallel to `labelSets`. */
  readonly exported: readonly number[];
  readonly exportedLabels: readonly (readonly string[])[];
  readonly folded: number;
}

export class SeriesIndex {
  private readonly slotByKey = new Map<string, number>();
  private readonly slotLabels: (readonly string[])[] = [];
  private slotExport: Int32Array = new Int32Array(64);
  private readonly exportedLabelSets: (readonly string[])[] = [];
  private otherIndex = -1;
  private foldedCount = 0;

  constructor(
    private readonly labelCount: number,
    private readonly limit: number,
  ) {}

  /** Ledger slot for a label set, created on first sight. */
  slotFor(labels: readonly string[]): number {
    const key = labels.length === 1 ? (labels[0] ?? '') : labels.join(KEY_SEPARATOR);
    const known = this.slotByKey.get(key);
    if (known !== undefined) return known;
    return this.addSlot(key, labels, this.chooseExport(labels));
  }

  exportOf(slot: number): number {
    return this.slotExport[slot] ?? -1;
  }

  get slotCount(): number {
    return this.slotLabels.length;
  }

  get exportedCount(): number {
    return this.exportedLabelSets.length;
  }

  exportedLabels(index: number): readonly string[] {
    return this.exportedLabelSets[index] ?? [];
  }

  /** Label sets that were folded into `__other__` since the index was created. */
  get folded(): number {
    return this.foldedCount;
  }

  snapshot(): SeriesIndexSnapshot {
    return {
      labelSets: this.slotLabels,
      exported: Array.from(this.slotExport.subarray(0, this.slotLabels.length)),
      exportedLabels: this.exportedLabelSets,
      folded: this.foldedCount,
    };
  }

  static restore(snapshot: SeriesIndexSnapshot, labelCount: number, limit: number): SeriesIndex {
    const index = new SeriesIndex(labelCount, limit);
    for (const labels of snapshot.exportedLabels) {
      if (labels.length !== labelCount) throw new Error('exported label set has the wrong arity');
      if (labels.every((value) => value === OTHER_LABEL_VALUE))
        index.otherIndex = index.exportedLabelSets.length;
      index.exportedLabelSets.push(labels);
    }
    snapshot.labelSets.forEach((labels, slot) => {
      const exported = snapshot.exported[slot];
      if (
        labels.length !== labelCount ||
        exported === undefined ||
        exported >= index.exportedLabelSets.length
      ) {
        throw new Error('label set does not match its exported series');
      }
      index.addSlot(labels.join(KEY_SEPARATOR), labels, exported);
    });
    index.foldedCount = snapshot.folded;
    return index;
  }

  private chooseExport(labels: readonly string[]): number {
    // One exported slot stays free for `__other__`, so the family never exceeds the limit.
    if (this.exportedLabelSets.length < this.limit - 1 || this.labelCount === 0) {
      this.exportedLabelSets.push(labels);
      return this.exportedLabelSets.length - 1;
    }
    this.foldedCount += 1;
    if (this.otherIndex < 0) {
      this.otherIndex = this.exportedLabelSets.length;
      this.exportedLabelSets.push(new Array<string>(this.labelCount).fill(OTHER_LABEL_VALUE));
    }
    return this.otherIndex;
  }

  private addSlot(key: string, labels: readonly string[], exported: number): number {
    const slot = this.slotLabels.length;
    this.slotByKey.set(key, slot);
    this.slotLabels.push(labels);
    if (slot >= this.slotExport.length) {
      const grown = new Int32Array(this.slotExport.length * 2);
      grown.set(this.slotExport);
      this.slotExport = grown;
    }
    this.slotExport[slot] = exported;
    return slot;
  }
}
