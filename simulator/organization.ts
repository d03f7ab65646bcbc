// The synthetic organization: ids and names derived from the seed, sized by the scale knobs.

import {
  AUDIO_SPEECHES_MODELS,
  AUDIO_TRANSCRIPTIONS_MODELS,
  type CompletionsProfile,
  completionsModels,
  EMBEDDINGS_MODELS,
  IMAGE_MODELS,
  type ImageModel,
  MODERATIONS_MODELS,
  type SimpleModel,
} from './model-catalog.js';
import { hashOf, token, unitAt } from './prng.js';
import {
  FIRST_NAMES,
  KEY_NAMES,
  LAST_NAMES,
  ORG_NAMES,
  PROJECT_NAMES,
  VECTOR_STORE_NAMES,
} from './synthetic-names.js';
import { type SearchModel, VECTOR_STORES_PER_PROJECT, WEB_SEARCH_MODELS } from './tool-catalog.js';
import type {
  SimulatorScale,
  SyntheticApiKey,
  SyntheticModel,
  SyntheticOrganization,
  SyntheticProject,
  SyntheticUser,
  SyntheticVectorStore,
} from './types.js';

export class SimulatorOptionsError extends Error {
  override readonly name = 'SimulatorOptionsError';
}

export interface ResolvedScale {
  readonly projects: number;
  readonly usersPerProject: number;
  readonly apiKeysPerProject: number;
  readonly models: number;
}

export const DEFAULT_SCALE: ResolvedScale = {
  projects: 4,
  usersPerProject: 3,
  apiKeysPerProject: 2,
  models: 6,
};

export function resolveScale(scale: SimulatorScale | undefined): ResolvedScale {
  const resolved = { ...DEFAULT_SCALE, ...scale };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1 || value > 100_000) {
      throw new SimulatorOptionsError(`scale.${name} must be an integer between 1 and 100000, got ${value}`);
    }
  }
  return resolved;
}

/** The models each usage family draws from, chosen by the `models` scale knob. */
export interface ModelFamilies {
  readonly completions: readonly CompletionsProfile[];
  readonly embeddings: readonly SimpleModel[];
  readonly moderations: readonly SimpleModel[];
  readonly images: readonly ImageModel[];
  readonly audio_speeches: readonly SimpleModel[];
  readonly audio_transcriptions: readonly SimpleModel[];
  readonly web_search_calls: readonly SearchModel[];
}

export interface OrganizationModel {
  readonly organization: SyntheticOrganization;
  readonly scale: ResolvedScale;
  readonly families: ModelFamilies;
}

/** 2024-01-01T00:00:00Z: synthetic objects are created during 2024. */
const CREATED_EPOCH = 1_704_067_200;
const CREATED_SPREAD = 300 * 86_400;

function pick<T>(list: readonly T[], index: number): T {
  const item = list[index % list.length];
  if (item === undefined) throw new RangeError('empty list');
  return item;
}

function numbered(base: string, index: number, listLength: number): string {
  const round = Math.floor(index / listLength);
  return round === 0 ? base : `${base} ${round + 1}`;
}

export function buildOrganization(
  seed: number,
  scale: ResolvedScale,
  organizationId?: string,
): OrganizationModel {
  const root = hashOf(seed, 0x06);
  const orgName = pick(ORG_NAMES, Math.floor(unitAt(root, 0) * ORG_NAMES.length));
  const orgSlug = orgName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const created = (kind: number, i: number) =>
    CREATED_EPOCH + Math.floor(unitAt(hashOf(seed, kind, i), 7) * CREATED_SPREAD);

  const projects: SyntheticProject[] = [];
  const users: SyntheticUser[] = [];
  const apiKeys: SyntheticApiKey[] = [];
  const vectorStores: SyntheticVectorStore[] = [];
  for (let p = 0; p < scale.projects; p++) {
    const projectId = `proj_${token(hashOf(seed, 0x10, p), 24)}`;
    projects.push({
      id: projectId,
      name: numbered(pick(PROJECT_NAMES, p), p, PROJECT_NAMES.length),
      createdAt: created(0x10, p),
    });
    for (let u = 0; u < scale.usersPerProject; u++) {
      const g = p * scale.usersPerProject + u;
      const first = pick(FIRST_NAMES, g);
      const last = pick(LAST_NAMES, Math.floor(g / FIRST_NAMES.length) + g);
      users.push({
        id: `user-${token(hashOf(seed, 0x11, g), 24)}`,
        name: `${first} ${last}`,
        email: `${first}.${last}.${g}@${orgSlug}.example.com`.toLowerCase(),
        role: g === 0 ? 'owner' : 'reader',
        projectId,
        addedAt: created(0x11, g),
      });
    }
    for (let k = 0; k < scale.apiKeysPerProject; k++) {
      const g = p * scale.apiKeysPerProject + k;
      const owner = users[p * scale.usersPerProject + (k % scale.usersPerProject)];
      if (owner === undefined) throw new RangeError('key owner out of range');
      const secret = hashOf(seed, 0x13, g);
      apiKeys.push({
        id: `key_${token(hashOf(seed, 0x12, g), 16)}`,
        name: numbered(pick(KEY_NAMES, k), k, KEY_NAMES.length),
        projectId,
        ownerUserId: owner.id,
        redactedValue: `sk-proj-${token(secret, 2)}***${token(secret ^ 0x5a5a, 4)}`,
        createdAt: created(0x12, g),
      });
    }
    for (let v = 0; v < VECTOR_STORES_PER_PROJECT; v++) {
      const g = p * VECTOR_STORES_PER_PROJECT + v;
      vectorStores.push({
        id: `vs_${token(hashOf(seed, 0x15, g), 24)}`,
        name: pick(VECTOR_STORE_NAMES, v),
        projectId,
      });
    }
  }

  const take = <T>(list: readonly T[]) => list.slice(0, Math.min(scale.models, list.length));
  const families: ModelFamilies = {
    completions: completionsModels(scale.models, orgSlug, (i) => token(hashOf(seed, 0x14, i), 8)),
    embeddings: take(EMBEDDINGS_MODELS),
    moderations: take(MODERATIONS_MODELS),
    images: take(IMAGE_MODELS),
    audio_speeches: take(AUDIO_SPEECHES_MODELS),
    audio_transcriptions: take(AUDIO_TRANSCRIPTIONS_MODELS),
    web_search_calls: take(WEB_SEARCH_MODELS),
  };
  const models: SyntheticModel[] = [];
  for (const [category, list] of Object.entries(families) as [
    keyof ModelFamilies,
    readonly { id: string }[],
  ][]) {
    for (const model of list) models.push({ id: model.id, category });
  }

  const organization: SyntheticOrganization = {
    id: organizationId ?? `org-${token(hashOf(seed, 0x05), 24)}`,
    name: orgName,
    projects,
    users,
    apiKeys,
    vectorStores,
    models,
  };
  return { organization, scale, families };
}
