// Everything the simulator knows, independent of HTTP: the organization, the usage and cost
// models, and grouped rows for any range at any instant (nowMs = Infinity gives final values).

import type { Dimension, UsageCategoryId } from '../src/catalog/categories.js';
import { AggregateCache } from './aggregate-cache.js';
import { type CostCells, type CostFilter, CostModel, groupCosts } from './cost-model.js';
import { groupTable, type IndexFilter } from './grouping.js';
import { LineItemCatalog } from './line-items.js';
import {
  buildOrganization,
  type OrganizationModel,
  resolveScale,
  SimulatorOptionsError,
} from './organization.js';
import { PriceSchedule } from './price-change.js';
import { deriveFields } from './result-fields.js';
import type { FrozenTable } from './stream-table.js';
import { spikeFactor, trafficWindow } from './traffic.js';
import type { SimulatorOptions } from './types.js';
import { FlowAggregator } from './usage-aggregator.js';
import { buildFlowModels, type FlowCategoryId, type FlowModel } from './usage-model.js';
import { VectorStoreModel } from './vector-stores.js';

/** Doubles the caches may hold (~256 MB); only large benchmark organizations come near it. */
const CACHE_BUDGET = 32_000_000;

export interface UsageRow {
  /** Grouped dimensions only, in catalog order. */
  readonly labels: Partial<Record<Dimension, string | boolean>>;
  readonly values: Record<string, number>;
}

export interface CostRow {
  readonly groupKey: number;
  readonly labels: { project_id?: string; line_item?: string; api_key_id?: string | null };
  readonly amount: number;
  /** Reported quantity and unit; only meaningful when grouped by line_item. */
  readonly quantity: number | null;
  readonly unit: string | null;
}

export class SimulationEngine {
  readonly seed: number;
  readonly delaySeconds: number;
  readonly stringAmountRatio: number;
  readonly org: OrganizationModel;
  readonly flows: FlowAggregator;
  readonly vectors: VectorStoreModel;
  readonly costs: CostModel;
  readonly prices: PriceSchedule;
  private readonly lookups = new Map<string, Map<string, number>>();

  constructor(options: SimulatorOptions) {
    this.seed = options.seed ?? 1;
    this.delaySeconds = options.finalizationDelaySeconds ?? 480;
    this.stringAmountRatio = options.stringAmountRatio ?? 0.25;
    if (!Number.isSafeInteger(this.seed))
      throw new SimulatorOptionsError(`seed must be an integer, got ${this.seed}`);
    if (!Number.isFinite(this.delaySeconds) || this.delaySeconds < 0) {
      throw new SimulatorOptionsError(`finalizationDelaySeconds must be >= 0, got ${this.delaySeconds}`);
    }
    if (!(this.stringAmountRatio >= 0 && this.stringAmountRatio <= 1)) {
      throw new SimulatorOptionsError(
        `stringAmountRatio must be within [0, 1], got ${this.stringAmountRatio}`,
      );
    }
    const traffic = trafficWindow(options.trafficStartTime, options.trafficEndTime);
    this.org = buildOrganization(this.seed, resolveScale(options.scale), options.organizationId);
    const tableCost = (t: FrozenTable) => t.values.length + t.keys.length;
    this.flows = new FlowAggregator(
      buildFlowModels(this.seed, this.org, traffic, spikeFactor(options.spike)),
      this.delaySeconds,
      traffic,
      new AggregateCache(CACHE_BUDGET, tableCost),
    );
    this.vectors = new VectorStoreModel(this.seed, this.org.scale.projects, traffic);
    this.costs = new CostModel(
      this.flows,
      this.vectors,
      new LineItemCatalog(this.org.families, options.credits === true),
      this.org.scale,
      this.delaySeconds,
      new AggregateCache(CACHE_BUDGET / 8, (c: CostCells) => c.raw.length * 4),
      traffic,
    );
    this.prices = new PriceSchedule(this.costs.catalog, options.priceChange);
  }

  /** Grouped usage of minutes [firstMinute, endMinute) as visible at `nowMs`. */
  usageRows(
    category: UsageCategoryId,
    firstMinute: number,
    endMinute: number,
    nowMs: number,
    groupBy: readonly Dimension[],
    filter: IndexFilter,
  ): UsageRow[] {
    if (category === 'vector_stores') return this.vectorRows(firstMinute, endMinute, nowMs, groupBy, filter);
    const model = this.flows.model(category);
    const table = this.flows.table(category, firstMinute, endMinute, nowMs);
    return groupTable(model, table, groupBy, filter).map((group) => {
      const labels: Partial<Record<Dimension, string | boolean>> = {};
      group.indices.forEach((index, d) => {
        const dim = model.dims[d];
        if (index !== undefined && dim !== undefined) labels[dim.dimension] = dim.label(index);
      });
      return { labels, values: deriveFields(category, group.sums) };
    });
  }

  private vectorRows(
    firstMinute: number,
    endMinute: number,
    nowMs: number,
    groupBy: readonly Dimension[],
    filter: IndexFilter,
  ): UsageRow[] {
    const byProject = groupBy.includes('project_id');
    const allowed = filter.get('project_id');
    const levels = new Float64Array(byProject ? this.vectors.projects : 1);
    for (const { minute, fraction } of this.vectors.candidates(firstMinute, endMinute, nowMs)) {
      const sums = new Float64Array(levels.length);
      for (let p = 0; p < this.vectors.projects; p++) {
        if (allowed !== undefined && !allowed.has(p)) continue;
        const slot = byProject ? p : 0;
        sums[slot] = (sums[slot] ?? 0) + this.vectors.visibleLevel(p, minute, fraction);
      }
      sums.forEach((sum, slot) => {
        levels[slot] = Math.max(levels[slot] ?? 0, sum);
      });
    }
    const rows: UsageRow[] = [];
    levels.forEach((level, slot) => {
      if (level <= 0) return;
      const labels = byProject ? { project_id: this.org.organization.projects[slot]?.id ?? '' } : {};
      rows.push({ labels, values: { usage_bytes: level } });
    });
    return rows;
  }

  /** Grouped costs of cells within the UTC day starting at `dayStart`, summed in canonical cell order. */
  costRows(cells: CostCells, dayStart: number, groupBy: readonly Dimension[], filter: CostFilter): CostRow[] {
    const catalog = this.costs.catalog;
    const org = this.org.organization;
    const grouping = {
      project: groupBy.includes('project_id'),
      lineItem: groupBy.includes('line_item'),
      apiKey: groupBy.includes('api_key_id'),
    };
    const priceOf = (lineItem: number) => this.prices.price(lineItem, dayStart);
    return groupCosts(cells, catalog, this.costs.keySlots, grouping, filter, priceOf).map((group) => {
      const item = group.lineItem === undefined ? undefined : catalog.item(group.lineItem);
      const labels: CostRow['labels'] = {};
      if (group.project !== undefined) labels.project_id = org.projects[group.project]?.id ?? '';
      if (item !== undefined) labels.line_item = item.name;
      if (group.apiKey !== undefined)
        labels.api_key_id = group.apiKey < 0 ? null : (org.apiKeys[group.apiKey]?.id ?? '');
      return {
        groupKey: group.groupKey,
        labels,
        amount: group.amount,
        quantity: item === undefined ? null : group.raw / item.scale,
        unit: item === undefined ? null : item.unit,
      };
    });
  }

  /** Value index of an id/name for a dimension, for filters; unknown values map to nothing. */
  indexOf(category: UsageCategoryId, dimension: Dimension, value: string): number | undefined {
    const key = `${category}:${dimension}`;
    let lookup = this.lookups.get(key);
    if (lookup === undefined) {
      lookup = new Map();
      for (const dim of this.dimsOf(category)) {
        if (dim.dimension !== dimension) continue;
        for (let i = 0; i < dim.cardinality; i++) lookup.set(String(dim.label(i)), i);
      }
      this.lookups.set(key, lookup);
    }
    return lookup.get(value);
  }

  private dimsOf(category: UsageCategoryId): FlowModel['dims'] {
    const flowCategory: FlowCategoryId =
      category === 'vector_stores' ? 'code_interpreter_sessions' : category;
    return this.flows.model(flowCategory).dims;
  }
}
