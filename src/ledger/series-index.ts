import { plainNumbers } from './bucket-table.js';
import type { CopyArena } from './copy-arena.js';

// Interns label sets twice: every distinct upstream label set gets a ledger slot (the ledger must
// track each one separately to stay exact), and each slot maps to an exported series. Past the
// series limit, new label sets share one exported `__other__` series, so totals stay exact while
// Prometheus sees bounded cardinality.
//
// Label sets are looked up in a trie keyed by one label value per level: every row of every poll
// goes through here, and walking the trie with the strings the parser already made is several
// times faster than joining them into one key per row.

export const OTHER_LABEL_VALUE = '__other__';

/** Inner levels map a label value to the next level; the last level maps it to a slot. */
type TrieLevel = Map<string, TrieLevel | number>;

export interface SeriesIndexSnapshot {
  readonly labelSets: readonly (readonly string[])[];
  /** Exported series index per label set, parallel to `labelSets`. */
  readonly exported: readonly number[];
  /** The `__other__` series; null while nothing was folded. */
  readonly other?: number | null;
  /** First encoding only: every exported label set, which the others encode as `labelSets` plus `other`. */
  readonly exportedLabels?: readonly (readonly string[])[];
  readonly folded: number;
}

/** The index at one instant; label sets are only ever appended, so the list is shared, not copied. */
export interface FrozenSeriesIndex {
  readonly labelSets: readonly (readonly string[])[];
  readonly count: number;
  readonly exported: Int32Array;
  readonly other: number | null;
  readonly folded: number;
}

export class SeriesIndex {
  private readonly root: TrieLevel = new Map();
  /** The slot of the empty label set, for a category grouped by nothing. */
  private emptySlot = -1;
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
    const last = labels.length - 1;
    if (last < 0)
      return this.emptySlot >= 0 ? this.emptySlot : this.insert(labels, this.chooseExport(labels));
    let level = this.root;
    for (let i = 0; i < last; i++) {
      const next = level.get(labels[i] as string);
      if (next === undefined) return this.insert(labels, this.chooseExport(labels));
      level = next as TrieLevel;
    }
    const known = level.get(labels[last] as string);
    if (known !== undefined) return known as number;
    return this.insert(labels, this.chooseExport(labels));
  }

  /** The label set a slot was created for, before any folding into `__other__`. */
  labelsOf(slot: number): readonly string[] {
    return this.slotLabels[slot] ?? [];
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
      exported: plainNumbers(this.slotExport, this.slotLabels.length),
      other: this.otherIndex < 0 ? null : this.otherIndex,
      folded: this.foldedCount,
    };
  }

  freeze(arena: CopyArena): FrozenSeriesIndex {
    const count = this.slotLabels.length;
    return {
      labelSets: this.slotLabels,
      count,
      exported: arena.copyInts(this.slotExport, count),
      other: this.otherIndex < 0 ? null : this.otherIndex,
      folded: this.foldedCount,
    };
  }

  static restore(snapshot: SeriesIndexSnapshot, labelCount: number, limit: number): SeriesIndex {
    const index = new SeriesIndex(labelCount, limit);
    const exportedLabels = snapshot.exportedLabels ?? deriveExportedLabels(snapshot, labelCount);
    for (const labels of exportedLabels) {
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
      index.insert(labels, exported);
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

  private insert(labels: readonly string[], exported: number): number {
    const slot = this.slotLabels.length;
    const last = labels.length - 1;
    if (last < 0) {
      this.emptySlot = slot;
    } else {
      let level = this.root;
      for (let i = 0; i < last; i++) {
        let next = level.get(labels[i] as string) as TrieLevel | undefined;
        if (next === undefined) {
          next = new Map();
          level.set(labels[i] as string, next);
        }
        level = next;
      }
      level.set(labels[last] as string, slot);
    }
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

/** Each exported series but `__other__` is the label set of the one slot that maps to it. */
function deriveExportedLabels(snapshot: SeriesIndexSnapshot, labelCount: number): (readonly string[])[] {
  const other = snapshot.other ?? null;
  const labels: (readonly string[] | undefined)[] = [];
  snapshot.exported.forEach((exported, slot) => {
    if (exported === other) return;
    if (!Number.isInteger(exported) || exported < 0 || labels[exported] !== undefined) {
      throw new Error('label sets do not map one to one onto exported series');
    }
    labels[exported] = snapshot.labelSets[slot];
  });
  if (other !== null) {
    if (!Number.isInteger(other) || other < 0 || labels[other] !== undefined) {
      throw new Error('the __other__ series collides with a label set');
    }
    labels[other] = new Array<string>(labelCount).fill(OTHER_LABEL_VALUE);
  }
  return labels.map((set) => {
    if (set === undefined) throw new Error('an exported series has no label set');
    return set;
  });
}
