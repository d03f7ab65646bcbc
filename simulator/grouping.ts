// Turns per-stream sums into the API's grouped results: filter streams, then sum them per
// distinct combination of the group_by dimensions, in a stable (index) order.

import type { Dimension } from '../src/catalog/categories.js';
import type { FrozenTable } from './stream-table.js';
import type { DimensionAccess, StreamCodec } from './streams.js';

/** Allowed value indices per dimension; a dimension absent from the map is unfiltered. */
export type IndexFilter = ReadonlyMap<Dimension, ReadonlySet<number>>;

export interface Group {
  readonly groupKey: number;
  /** Per catalog dimension: the value index when grouped, otherwise undefined. */
  readonly indices: readonly (number | undefined)[];
  readonly sums: Float64Array;
}

export interface Groupable {
  readonly width: number;
  readonly codec: StreamCodec;
  readonly dims: readonly DimensionAccess[];
}

export function groupTable(
  model: Groupable,
  table: FrozenTable,
  groupBy: readonly Dimension[],
  filter: IndexFilter,
): Group[] {
  const grouped = model.dims.map((d) => groupBy.includes(d.dimension));
  const filters = model.dims.map((d) => filter.get(d.dimension));
  const groups = new Map<number, Group>();
  const digits: number[] = [];
  const indices: number[] = model.dims.map(() => 0);
  rows: for (let row = 0; row < table.keys.length; row++) {
    model.codec.decode(table.keys[row] ?? 0, digits);
    let groupKey = 0;
    for (let d = 0; d < model.dims.length; d++) {
      const dim = model.dims[d] as DimensionAccess;
      const index = dim.index(digits);
      if (filters[d]?.has(index) === false) continue rows;
      indices[d] = index;
      if (grouped[d]) groupKey = groupKey * dim.cardinality + index;
    }
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = {
        groupKey,
        indices: indices.map((index, d) => (grouped[d] ? index : undefined)),
        sums: new Float64Array(model.width),
      };
      groups.set(groupKey, group);
    }
    const offset = row * model.width;
    for (let c = 0; c < model.width; c++)
      group.sums[c] = (group.sums[c] ?? 0) + (table.values[offset + c] ?? 0);
  }
  return [...groups.values()]
    .filter((g) => g.sums.some((v) => v > 0))
    .sort((a, b) => a.groupKey - b.groupKey);
}
