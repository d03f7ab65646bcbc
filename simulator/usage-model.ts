// The flow categories (everything but vector storage): how many events each minute has,
// which stream each event hits, and its final values.

import {
  COMPLETIONS_WIDTH,
  codeInterpreterAtom,
  completionsAtom,
  imagesAtom,
  type PeopleDraw,
  SERVICE_TIERS,
  SIMPLE_SHAPES,
  simpleAtom,
} from './atoms.js';
import {
  type FlowCategoryId,
  type FlowContext,
  type FlowModel,
  flowModel,
  modelDim,
  personDims,
} from './flow-model.js';
import { IMAGE_SIZES, IMAGE_SOURCES } from './model-catalog.js';
import type { OrganizationModel } from './organization.js';
import { cumulative, type DimensionAccess } from './streams.js';
import { fileSearchModel, webSearchModel } from './tool-call-models.js';
import type { SpikeFactor, TrafficWindow } from './traffic.js';

export type { FlowCategoryId, FlowModel } from './flow-model.js';

export function buildFlowModels(
  seed: number,
  org: OrganizationModel,
  traffic: TrafficWindow,
  spike: SpikeFactor,
): Map<FlowCategoryId, FlowModel> {
  const { scale, families } = org;
  const P = scale.projects;
  const people: PeopleDraw = {
    projects: cumulative(Array.from({ length: P }, (_, p) => 1 / Math.sqrt(p + 1))),
    usersPerProject: scale.usersPerProject,
    apiKeysPerProject: scale.apiKeysPerProject,
  };
  const context: FlowContext = { seed, org, traffic, spike, people };
  const peopleSpace = P * scale.usersPerProject * scale.apiKeysPerProject;
  const personRadices = [P, scale.usersPerProject, scale.apiKeysPerProject];

  const models = new Map<FlowCategoryId, FlowModel>();
  const add = (model: FlowModel) => models.set(model.category, model);

  const completionsCum = cumulative(families.completions.map((m) => m.weight));
  add(
    flowModel(context, {
      category: 'completions',
      index: 0,
      width: COMPLETIONS_WIDTH,
      radices: [...personRadices, families.completions.length, 2, SERVICE_TIERS.length],
      dims: [
        ...personDims(org),
        modelDim(families.completions),
        { dimension: 'batch', cardinality: 2, index: (d) => d[4] ?? 0, label: (i) => i === 1 },
        {
          dimension: 'service_tier',
          cardinality: SERVICE_TIERS.length,
          index: (d) => d[5] ?? 0,
          label: (i) => SERVICE_TIERS[i] ?? '',
        },
      ],
      peak: Math.max(12, (peopleSpace * families.completions.length * 2) / 100),
      generate: (base, digits, out) =>
        completionsAtom(base, families.completions, completionsCum, digits, out),
    }),
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
      flowModel(context, {
        category,
        index,
        width: 2,
        radices: [...personRadices, list.length],
        dims: [...personDims(org), modelDim(list)],
        peak: Math.max(minimum, (peopleSpace * list.length) / divisor),
        generate: (base, digits, out) => simpleAtom(base, SIMPLE_SHAPES[category], cum, digits, out),
      }),
    );
  };
  simple('embeddings', 1, 4, 150);
  simple('moderations', 2, 3, 300);

  const imageCum = cumulative(families.images.map((m) => m.weight));
  const imageCombos = families.images.reduce((n, m) => n + m.sizes.length * m.sources.length, 0);
  add(
    flowModel(context, {
      category: 'images',
      index: 3,
      width: 2,
      radices: [...personRadices, families.images.length, IMAGE_SIZES.length, IMAGE_SOURCES.length],
      dims: [
        ...personDims(org),
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
      peak: Math.max(1.5, (peopleSpace * imageCombos) / 600),
      generate: (base, digits, out) => imagesAtom(base, families.images, imageCum, digits, out),
    }),
  );

  simple('audio_speeches', 4, 1, 500);
  simple('audio_transcriptions', 5, 1, 500);

  add(
    flowModel(context, {
      category: 'code_interpreter_sessions',
      index: 6,
      width: 1,
      radices: [P],
      dims: [personDims(org)[0] as DimensionAccess],
      peak: Math.max(1, P / 4),
      generate: (base, digits, out) => codeInterpreterAtom(base, people.projects, digits, out),
    }),
  );

  add(fileSearchModel(context, 7));
  add(webSearchModel(context, 8));
  return models;
}
