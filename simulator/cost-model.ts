// Costs derived from visible usage: per (project, api key, line item) "cells" of integer
// quantities, priced cell by cell and summed in one canonical cell order. The served buckets
// and the ground truth share this code, so a final day is bit-identical in both.

import type { AggregateCache } from './aggregate-cache.js';
import { C } from './atoms.js';
import { completionsVariant, type LineItemCatalog, TOKEN_KINDS } from './line-items.js';
import type { ResolvedScale } from './organization.js';
import { W } from './tool-call-models.js';
import type { TrafficWindow } from './traffic.js';
import type { FlowAggregator } from './usage-aggregator.js';
import type { FlowCategoryId } from './usage-model.js';
import type { VectorStoreModel } from './vector-stores.js';

/** Sorted by (project, api key, line item); `apiKey` is -1 for costs without a key. */
export interface CostCells {
  readonly project: Int32Array;
  readonly apiKey: Int32Array;
  readonly lineItem: Int32Array;
  readonly raw: Float64Array;
}

const COSTED: readonly FlowCategoryId[] = [
  'completions',
  'embeddings',
  'images',
  'audio_speeches',
  'audio_transcriptions',
  'code_interpreter_sessions',
  'file_search_calls',
  'web_search_calls',
];

const KIND_INDEX = Object.fromEntries(TOKEN_KINDS.map((k, i) => [k, i])) as Record<
  (typeof TOKEN_KINDS)[number],
  number
>;

export class CostModel {
  readonly keySlots: number;

  constructor(
    private readonly flows: FlowAggregator,
    private readonly vectors: VectorStoreModel,
    readonly catalog: LineItemCatalog,
    private readonly scale: ResolvedScale,
    private readonly delaySeconds: number,
    private readonly cache: AggregateCache<CostCells>,
    private readonly traffic: TrafficWindow,
  ) {
    this.keySlots = scale.projects * scale.apiKeysPerProject + 1;
  }

  /** Cells of the UTC day starting at `dayStart` (unix seconds) as visible at `nowMs`. */
  dayCells(dayStart: number, nowMs: number): CostCells {
    const firstMinute = dayStart / 60;
    const compute = () => this.cells(firstMinute, firstMinute + 1440, nowMs);
    const finalAtMs = (dayStart + 86_400 + this.delaySeconds) * 1000;
    return nowMs >= finalAtMs ? this.cache.getOrCompute(`costs:d:${dayStart}`, compute) : compute();
  }

  /** Cells of minutes [firstMinute, endMinute); vector storage is charged per hour starting in the range. */
  cells(firstMinute: number, endMinute: number, nowMs: number): CostCells {
    const sums = new Map<number, number>();
    const add = (project: number, apiKey: number, lineItem: number, raw: number) => {
      if (raw <= 0 || lineItem < 0) return;
      const key = (project * this.keySlots + apiKey + 1) * this.catalog.items.length + lineItem;
      sums.set(key, (sums.get(key) ?? 0) + raw);
    };
    const K = this.scale.apiKeysPerProject;
    const digits: number[] = [];
    for (const category of COSTED) {
      const model = this.flows.model(category);
      const table = this.flows.table(category, firstMinute, endMinute, nowMs);
      for (let row = 0; row < table.keys.length; row++) {
        model.codec.decode(table.keys[row] ?? 0, digits);
        const v = (c: number) => table.values[row * table.width + c] ?? 0;
        const p = digits[0] ?? 0;
        const key = p * K + (digits[2] ?? 0);
        const m = digits[3] ?? 0;
        switch (category) {
          case 'completions': {
            const lines =
              this.catalog.completions[m]?.[completionsVariant(digits[4] ?? 0, digits[5] ?? 0)] ?? [];
            const line = (kind: (typeof TOKEN_KINDS)[number]) => lines[KIND_INDEX[kind]] ?? -1;
            add(p, key, line('input'), v(C.text) + v(C.image));
            add(p, key, line('cached input'), v(C.cachedText) + v(C.cachedImage));
            add(p, key, line('cached audio input'), v(C.cachedAudio));
            add(p, key, line('cache write input'), v(C.cacheWrite));
            add(p, key, line('audio input'), v(C.audio));
            add(p, key, line('output'), v(C.outText) + v(C.outImage));
            add(p, key, line('audio output'), v(C.outAudio));
            break;
          }
          case 'embeddings':
            add(p, key, this.catalog.embeddings[m] ?? -1, v(0));
            break;
          case 'images':
            add(p, key, this.catalog.images[m]?.[digits[4] ?? 0]?.[digits[5] ?? 0] ?? -1, v(0));
            break;
          case 'audio_speeches':
            add(p, key, this.catalog.audioSpeeches[m] ?? -1, v(0));
            break;
          case 'audio_transcriptions':
            add(p, key, this.catalog.audioTranscriptions[m] ?? -1, v(0));
            break;
          case 'file_search_calls':
            add(p, key, this.catalog.fileSearch, v(0));
            break;
          case 'web_search_calls':
            add(p, key, this.catalog.webSearch[digits[4] ?? 0] ?? -1, v(W.searches));
            break;
          default:
            add(p, -1, this.catalog.codeInterpreter, v(0));
        }
      }
    }
    for (let hour = Math.ceil(firstMinute / 60) * 60; hour < endMinute; hour += 60) {
      const levels = this.vectors.projectLevels(hour, hour + 60, nowMs);
      levels.forEach((level, p) => {
        add(p, -1, this.catalog.vectorStorage, level);
      });
    }
    this.addCredits(firstMinute, endMinute, nowMs, add);
    return this.freeze(sums);
  }

  /** One unit of credit per project for each ended minute of traffic (see SimulatorOptions.credits). */
  private addCredits(
    firstMinute: number,
    endMinute: number,
    nowMs: number,
    add: (project: number, apiKey: number, lineItem: number, raw: number) => void,
  ): void {
    if (this.catalog.credit < 0) return;
    const first = Math.max(firstMinute, this.traffic.firstMinute);
    const end = Math.min(endMinute, this.traffic.endMinute, Math.floor(nowMs / 60_000));
    if (end <= first) return;
    for (let p = 0; p < this.scale.projects; p++) add(p, -1, this.catalog.credit, end - first);
  }

  private freeze(sums: Map<number, number>): CostCells {
    const keys = [...sums.keys()].sort((a, b) => a - b);
    const lines = this.catalog.items.length;
    const cells: CostCells = {
      project: new Int32Array(keys.length),
      apiKey: new Int32Array(keys.length),
      lineItem: new Int32Array(keys.length),
      raw: new Float64Array(keys.length),
    };
    keys.forEach((key, i) => {
      const slot = Math.floor(key / lines);
      cells.lineItem[i] = key % lines;
      cells.apiKey[i] = (slot % this.keySlots) - 1;
      cells.project[i] = Math.floor(slot / this.keySlots);
      cells.raw[i] = sums.get(key) ?? 0;
    });
    return cells;
  }
}

export interface CostGroupBy {
  readonly project: boolean;
  readonly lineItem: boolean;
  readonly apiKey: boolean;
}

export interface CostFilter {
  readonly projects?: ReadonlySet<number>;
  readonly apiKeys?: ReadonlySet<number>;
}

export interface CostGroup {
  /** Orders groups like the API: by project, then line item, then api key (null first). */
  readonly groupKey: number;
  /** Grouped dimensions only; `apiKey` -1 means a cost without a key. */
  readonly project?: number;
  readonly lineItem?: number;
  readonly apiKey?: number;
  amount: number;
  raw: number;
}

/** `priceOf` is USD per reported unit of a line item on the cells' day (see PriceSchedule). */
export function groupCosts(
  cells: CostCells,
  catalog: LineItemCatalog,
  keySlots: number,
  groupBy: CostGroupBy,
  filter: CostFilter,
  priceOf: (lineItem: number) => number,
): CostGroup[] {
  const groups = new Map<number, CostGroup>();
  const lines = catalog.items.length;
  for (let i = 0; i < cells.raw.length; i++) {
    const project = cells.project[i] ?? 0;
    const apiKey = cells.apiKey[i] ?? -1;
    const lineItem = cells.lineItem[i] ?? 0;
    if (filter.projects !== undefined && !filter.projects.has(project)) continue;
    if (filter.apiKeys !== undefined && !filter.apiKeys.has(apiKey)) continue;
    const groupKey =
      ((groupBy.project ? project : 0) * lines + (groupBy.lineItem ? lineItem : 0)) * keySlots +
      (groupBy.apiKey ? apiKey + 1 : 0);
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = {
        groupKey,
        ...(groupBy.project ? { project } : {}),
        ...(groupBy.lineItem ? { lineItem } : {}),
        ...(groupBy.apiKey ? { apiKey } : {}),
        amount: 0,
        raw: 0,
      };
      groups.set(groupKey, group);
    }
    const raw = cells.raw[i] ?? 0;
    const item = catalog.item(lineItem);
    group.amount += (raw / item.scale) * priceOf(lineItem);
    group.raw += raw;
  }
  return [...groups.values()].sort((a, b) => a.groupKey - b.groupKey);
}
