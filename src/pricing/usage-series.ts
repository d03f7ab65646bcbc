// A usage ledger's exported series as the estimate reads them: one increment per series, labelled
// from the series' own labels. The cardinality guard's overflow series mixes projects and models,
// so it has no price: its units are counted as unpriced, never guessed.

import { USAGE_CATEGORY_IDS, type UsageCategoryId } from '../catalog/categories.js';
import type { CategoryLedger } from '../ledger/category-ledger.js';
import { OTHER_LABEL_VALUE } from '../ledger/series-index.js';
import { chargesOf } from './line-item-map.js';
import { combinationOf, type UsageIncrement, type UsageLabels } from './spend-estimator.js';

const LABELS = ['batch', 'service_tier', 'size', 'source', 'context_level'] as const;

/** The usage category a ledger counts, when the estimate prices any of its fields. */
export function pricedCategory(ledger: CategoryLedger): UsageCategoryId | undefined {
  const id = ledger.layout.spec.id;
  const usage = USAGE_CATEGORY_IDS.find((candidate) => candidate === id);
  return usage !== undefined && chargesOf(usage).length > 0 ? usage : undefined;
}

/** Whether an exported series is the overflow series (every label `__other__`). */
export function isOverflow(ledger: CategoryLedger, exported: number): boolean {
  const labels = ledger.series.exportedLabels(exported);
  return labels.length > 0 && labels.every((value) => value === OTHER_LABEL_VALUE);
}

/** What an exported series' labels say, worked out once per series: the same on every look. */
interface SeriesInfo {
  /** The label values it was read from; a different array (a restored index) is read again. */
  readonly source: readonly string[];
  readonly projectId: string;
  readonly model: string;
  readonly priced: PricedLabels;
}

/** The labels that narrow a price, and their key: shared by every series they are the same for. */
interface PricedLabels {
  readonly labels: UsageLabels;
  readonly combination: string;
}

/** Reads the labels of one ledger's series; built once per ledger, since the label names are fixed. */
export class SeriesLabels {
  private readonly known: (SeriesInfo | undefined)[] = [];
  private readonly shared = new Map<string, PricedLabels>();
  private readonly project: number;
  private readonly model: number;
  private readonly others: readonly (readonly [(typeof LABELS)[number], number])[];
  private readonly fields: readonly (readonly [string, number])[];

  constructor(
    private readonly ledger: CategoryLedger,
    readonly category: UsageCategoryId,
  ) {
    const names = ledger.layout.labelNames;
    this.project = names.indexOf('project_id');
    this.model = names.indexOf('model');
    this.others = LABELS.map((name) => [name, names.indexOf(name)] as const).filter(([, at]) => at >= 0);
    const spec = ledger.layout.spec;
    this.fields = ledger.counterFields.map((index) => [spec.fields[index]?.field ?? '', index] as const);
  }

  /** Whether the series carry a project: without it every increment is the organization's. */
  get byProject(): boolean {
    return this.project >= 0;
  }

  /** The increment of one exported series, given its values by field index. */
  increment(exported: number, values: ArrayLike<number>, offset = 0): UsageIncrement {
    const info = this.info(exported);
    const byName: Record<string, number> = {};
    for (const [name, index] of this.fields) byName[name] = values[offset + index] ?? 0;
    return {
      category: this.category,
      projectId: info.projectId,
      model: info.model,
      labels: info.priced.labels,
      values: byName,
      combination: info.priced.combination,
    };
  }

  private info(exported: number): SeriesInfo {
    const labels = this.ledger.series.exportedLabels(exported);
    const known = this.known[exported];
    if (known !== undefined && known.source === labels) return known;
    const label = (at: number) => (at < 0 ? '' : (labels[at] ?? ''));
    const usageLabels: Record<string, string> = {};
    for (const [name, at] of this.others) usageLabels[name] = label(at);
    const model = label(this.model);
    const combination = combinationOf(this.category, model, usageLabels);
    let priced = this.shared.get(combination);
    if (priced === undefined) {
      priced = { labels: usageLabels, combination };
      this.shared.set(combination, priced);
    }
    const info: SeriesInfo = { source: labels, projectId: label(this.project), model, priced };
    this.known[exported] = info;
    return info;
  }
}
