// What every flow category (everything but vector storage) shares: a stream codec over its
// dimension digits, the people dimensions, and the per-minute event loop.

import type { UsageCategoryId } from '../src/catalog/categories.js';
import { drawPeople, type PeopleDraw } from './atoms.js';
import type { OrganizationModel } from './organization.js';
import { combine, hashOf } from './prng.js';
import { type DimensionAccess, StreamCodec } from './streams.js';
import { eventCount, type SpikeFactor, type TrafficWindow } from './traffic.js';

export type FlowCategoryId = Exclude<UsageCategoryId, 'vector_stores'>;

export interface FlowModel {
  readonly category: FlowCategoryId;
  /** Components per event; see `atoms.ts` for their layout. */
  readonly width: number;
  readonly codec: StreamCodec;
  /** In the catalog's dimension order. */
  readonly dims: readonly DimensionAccess[];
  /** Visits every event of `minute` (nothing outside the traffic window) with its final components. */
  forEachEvent(minute: number, visit: (key: number, components: Float64Array) => void): void;
}

export type Generate = (base: number, digits: number[], out: Float64Array) => void;

export interface FlowContext {
  readonly seed: number;
  readonly org: OrganizationModel;
  readonly traffic: TrafficWindow;
  readonly spike: SpikeFactor;
  readonly people: PeopleDraw;
}

export interface FlowDefinition {
  readonly category: FlowCategoryId;
  /** Distinct per category: it seeds the category's traffic. */
  readonly index: number;
  readonly width: number;
  /** Digit radices; digits 0..2 are project, user and key when there is more than one. */
  readonly radices: readonly number[];
  readonly dims: readonly DimensionAccess[];
  /** Expected events in the busiest minute. */
  readonly peak: number;
  readonly generate: Generate;
}

const MAX_EVENTS_PER_MINUTE = 20_000;

export function flowModel(context: FlowContext, definition: FlowDefinition): FlowModel {
  const { category, width, radices, generate } = definition;
  const { traffic, spike, people } = context;
  const categoryHash = hashOf(context.seed, 0x100 + definition.index);
  const codec = new StreamCodec(radices);
  const peakEvents = Math.min(MAX_EVENTS_PER_MINUTE, definition.peak);
  const digits = radices.map(() => 0);
  const out = new Float64Array(width);
  return {
    category,
    width,
    codec,
    dims: definition.dims,
    forEachEvent(minute, visit) {
      if (minute < traffic.firstMinute || minute >= traffic.endMinute) return;
      const minuteHash = combine(categoryHash, minute);
      const events = eventCount(categoryHash, minute, peakEvents * spike(minute));
      for (let i = 0; i < events; i++) {
        const base = combine(minuteHash, i);
        if (radices.length > 1) drawPeople(base, people, digits);
        generate(base, digits, out);
        visit(codec.encode(digits), out);
      }
    },
  };
}

/** project_id, user_id and api_key_id, read from digits 0..2. */
export function personDims(org: OrganizationModel): DimensionAccess[] {
  const { organization, scale } = org;
  const U = scale.usersPerProject;
  const K = scale.apiKeysPerProject;
  return [
    {
      dimension: 'project_id',
      cardinality: scale.projects,
      index: (d) => d[0] ?? 0,
      label: (i) => organization.projects[i]?.id ?? '',
    },
    {
      dimension: 'user_id',
      cardinality: scale.projects * U,
      index: (d) => (d[0] ?? 0) * U + (d[1] ?? 0),
      label: (i) => organization.users[i]?.id ?? '',
    },
    {
      dimension: 'api_key_id',
      cardinality: scale.projects * K,
      index: (d) => (d[0] ?? 0) * K + (d[2] ?? 0),
      label: (i) => organization.apiKeys[i]?.id ?? '',
    },
  ];
}

/** The `model` dimension over a family's models, read from digit 3. */
export function modelDim(ids: readonly { id: string }[]): DimensionAccess {
  return {
    dimension: 'model',
    cardinality: ids.length,
    index: (d) => d[3] ?? 0,
    label: (i) => ids[i]?.id ?? '',
  };
}
