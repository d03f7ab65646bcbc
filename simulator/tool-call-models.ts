// The newer tool-call endpoints as flow categories. File search events hit one of their
// project's vector stores; web search events come from a model at a search context level, and
// one model request may run several searches.

import { type FlowContext, type FlowModel, flowModel, modelDim, personDims } from './flow-model.js';
import { unitAt } from './prng.js';
import { cumulative, pickWeighted } from './streams.js';
import {
  VECTOR_STORES_PER_PROJECT,
  WEB_SEARCH_CONTEXT_LEVELS,
  WEB_SEARCH_CONTEXT_WEIGHTS,
} from './tool-catalog.js';

/** Component layout of a web search event. */
export const W = { modelRequests: 0, searches: 1 } as const;

const CONTEXT_CUM = cumulative(WEB_SEARCH_CONTEXT_WEIGHTS);

export function fileSearchModel(context: FlowContext, index: number): FlowModel {
  const { scale, organization } = context.org;
  const V = VECTOR_STORES_PER_PROJECT;
  return flowModel(context, {
    category: 'file_search_calls',
    index,
    width: 1,
    radices: [scale.projects, scale.usersPerProject, scale.apiKeysPerProject, V],
    dims: [
      ...personDims(context.org),
      {
        dimension: 'vector_store_id',
        cardinality: scale.projects * V,
        index: (d) => (d[0] ?? 0) * V + (d[3] ?? 0),
        label: (i) => organization.vectorStores[i]?.id ?? '',
      },
    ],
    peak: Math.max(2, (scale.projects * scale.usersPerProject * scale.apiKeysPerProject * V) / 100),
    generate: (base, digits, out) => {
      digits[3] = Math.floor(unitAt(base, 3) * V);
      out[0] = 1 + Math.floor(unitAt(base, 10) ** 2 * 12);
    },
  });
}

export function webSearchModel(context: FlowContext, index: number): FlowModel {
  const { scale, families } = context.org;
  const models = families.web_search_calls;
  const modelCum = cumulative(models.map((m) => m.weight));
  const L = WEB_SEARCH_CONTEXT_LEVELS.length;
  return flowModel(context, {
    category: 'web_search_calls',
    index,
    width: 2,
    radices: [scale.projects, scale.usersPerProject, scale.apiKeysPerProject, models.length, L],
    dims: [
      ...personDims(context.org),
      modelDim(models),
      {
        dimension: 'context_level',
        cardinality: L,
        index: (d) => d[4] ?? 0,
        label: (i) => WEB_SEARCH_CONTEXT_LEVELS[i] ?? '',
      },
    ],
    peak: Math.max(
      2,
      (scale.projects * scale.usersPerProject * scale.apiKeysPerProject * models.length * L) / 300,
    ),
    generate: (base, digits, out) => {
      digits[3] = pickWeighted(modelCum, unitAt(base, 3));
      digits[4] = pickWeighted(CONTEXT_CUM, unitAt(base, 4));
      const requests = 1 + Math.floor(unitAt(base, 10) ** 2 * 8);
      out[W.modelRequests] = requests;
      out[W.searches] = requests + Math.floor(unitAt(base, 11) * 2 * requests);
    },
  });
}
