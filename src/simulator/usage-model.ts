// The flow categories (everything but vector storage): how many events each minute has,
// which stream each event hits, and its final values.

import type { UsageCategoryId } from '../catalog/categories.js';
import {
  COMPLETIONS_WIDTH,
  codeInterpreterAtom,
  completionsAtom,
  drawPeople,
  imagesAtom,
  type PeopleDraw,
  SERVICE_TIERS,
  SIMPLE_SHAPES,
  simpleAtom,
} from './atoms.js';
import { IMAGE_SIZES, IMAGE_SOURCES } from './model-catalog.js';
import type { OrganizationModel } from './organization.js';
import { combine, hashOf } from './prng.js';
import { cumulative, type DimensionAccess, StreamCodec } from './streams.js';
import { eventCount, type TrafficWindow } from './traffic.js';

export type FlowCategoryId = Exclude<UsageCategoryId, 'vector_stores'>;
export const FLOW_CATEGORY_IDS: readonly FlowCategoryId[] = [
  'completions',
  'embeddings',
  'moderations',
  'images',
  'audio_speeches',
  'audio_transcriptions',
  'code_interpreter_sessions',
];

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

type Generate = (base: number, digits: number[], out: Float64Array) => void;

const MAX_EVENTS_PER_MINUTE = 20_000;

export function buildFlowModels(
  seed: number,
  org: OrganizationModel,
  traffic: TrafficWindow,
): Map<FlowCategoryId, FlowModel> {
  const { scale, families, organization } = org;
  const P = scale.projects;
  const U = scale.usersPerProject;
  const K = scale.apiKeysPerProject;
  const people: PeopleDraw = {
    projects: cumulative(Array.from({ length: P }, (_, p) => 1 / Math.sqrt(p + 1))),
    usersPerProject: U,
    apiKeysPerProject: K,
  };
  const personDims = (): DimensionAccess[] => [
    {
      dimension: 'project_id',
      cardinality: P,
      index: (d) => d[0] ?? 0,
      label: (i) => organization.projects[i]?.id ?? '',
    },
    {
      dimension: 'user_id',
      cardinality: P * U,
      index: (d) => (d[0] ?? 0) * U + (d[1] ?? 0),
      label: (i) => organization.users[i]?.id ?? '',
    },
    {
      dimension: 'api_key_id',
      cardinality: P * K,
      index: (d) => (d[0] ?? 0) * K + (d[2] ?? 0),
      label: (i) => organization.apiKeys[i]?.id ?? '',
    },
  ];
  const modelDim = (ids: readonly { id: string }[]): DimensionAccess => ({
    dimension: 'model',
    cardinality: ids.length,
    index: (d) => d[3] ?? 0,
    label: (i) => ids[i]?.id ?? '',
  });
  const peopleSpace = P * U * K;

  const models = new Map<FlowCategoryId, FlowModel>();
  const add = (
    category: FlowCategoryId,
    index: number,
    width: number,
    radices: number[],
    dims: DimensionAccess[],
    peak: number,
    generate: Generate,
  ) => {
    const categoryHash = hashOf(seed, 0x100 + index);
    const codec = new StreamCodec(radices);
    const peakEvents = Math.min(MAX_EVENTS_PER_MINUTE, peak);
    const digits = radices.map(() => 0);
    const out = new Float64Array(width);
    models.set(category, {
      category,
      width,
      codec,
      dims,
      forEachEvent(minute, visit) {
        if (minute < traffic.firstMinute || minute >= traffic.endMinute) return;
        const minuteHash = combine(categoryHash, minute);
        const events = eventCount(categoryHash, minute, peakEvents);
        for (let i = 0; i < events; i++) {
          const base = combine(minuteHash, i);
          if (radices.length > 1) drawPeople(base, people, digits);
          generate(base, digits, out);
          visit(codec.encode(digits), out);
        }
      },
    });
  };

  const completionsCum = cumulative(families.completions.map((m) => m.weight));
  add(
    'completions',
    0,
    COMPLETIONS_WIDTH,
    [P, U, K, families.completions.length, 2, SERVICE_TIERS.length],
    [
      ...personDims(),
      modelDim(families.completions),
      { dimension: 'batch', cardinality: 2, index: (d) => d[4] ?? 0, label: (i) => i === 1 },
      {
        dimension: 'service_tier',
        cardinality: SERVICE_TIERS.length,
        index: (d) => d[5] ?? 0,
        label: (i) => SERVICE_TIERS[i] ?? '',
      },
    ],
    Math.max(12, (peopleSpace * families.completions.length * 2) / 100),
    (base, digits, out) => completionsAtom(base, families.completions, completionsCum, digits, out),
  );

  const simple = (
    category: 'embeddings' | 'moderations' | 'audio_speeches' | 'audio_transcriptions',
    index: number,
    minimum: number,
    divisor: number,
  ) => {
    const list = families[category];
    const cum = cumulative(list.map((m) => m.weight));
    add(
      category,
      index,
      2,
      [P, U, K, list.length],
      [...personDims(), modelDim(list)],
      Math.max(minimum, (peopleSpace * list.length) / divisor),
      (base, digits, out) => simpleAtom(base, SIMPLE_SHAPES[category], cum, digits, out),
    );
  };
  simple('embeddings', 1, 4, 150);
  simple('moderations', 2, 3, 300);

  const imageCum = cumulative(families.images.map((m) => m.weight));
  const imageCombos = families.images.reduce((n, m) => n + m.sizes.length * m.sources.length, 0);
  add(
    'images',
    3,
    2,
    [P, U, K, families.images.length, IMAGE_SIZES.length, IMAGE_SOURCES.length],
    [
      ...personDims(),
      modelDim(families.images),
      {
        dimension: 'size',
        cardinality: IMAGE_SIZES.length,
        index: (d) => d[4] ?? 0,
        label: (i) => IMAGE_SIZES[i] ?? '',
      },
      {
        dimension: 'source',
        cardinality: IMAGE_SOURCES.length,
        index: (d) => d[5] ?? 0,
        label: (i) => IMAGE_SOURCES[i] ?? '',
      },
    ],
    Math.max(1.5, (peopleSpace * imageCombos) / 600),
    (base, digits, out) => imagesAtom(base, families.images, imageCum, digits, out),
  );

  simple('audio_speeches', 4, 1, 500);
  simple('audio_transcriptions', 5, 1, 500);

  add(
    'code_interpreter_sessions',
    6,
    1,
    [P],
    [personDims()[0] as DimensionAccess],
    Math.max(1, P / 4),
    (base, digits, out) => codeInterpreterAtom(base, people.projects, digits, out),
  );
  return models;
}
