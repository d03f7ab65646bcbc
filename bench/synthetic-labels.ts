// Label sets of the synthetic organization. Each category maps a label set index to distinct
// dimension values shaped like the real ones (24-character project ids, dated model snapshots),
// so label strings are as long as in production and the exposition has a realistic size.

import { CATEGORIES, type CategoryId, type Dimension } from '../src/catalog/categories.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A stable pseudo-random id such as `proj_Ab12…`, distinct for distinct `n`. */
export function syntheticId(prefix: string, n: number, length: number): string {
  let text = prefix;
  let state = (Math.imul(n + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
  // The index itself goes in first so ids never collide, the rest only looks random.
  const head = n.toString(36);
  for (let i = head.length; i < length; i++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i) >>> 0;
    text += ALPHABET[state % ALPHABET.length];
  }
  return text + head;
}

const CHAT_MODELS = [
  'gpt-4o-2024-08-06',
  'gpt-4o-mini-2024-07-18',
  'gpt-4.1-2025-04-14',
  'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano-2025-04-14',
  'o3-2025-04-16',
  'o4-mini-2025-04-16',
  'gpt-5-2025-08-07',
];
const EMBEDDING_MODELS = ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'];
const LINE_ITEMS = CHAT_MODELS.flatMap((model) => [
  `${model}, input`,
  `${model}, cached input`,
  `${model}, output`,
]);
const KEYS_PER_PROJECT = 8;

export type LabelValues = Partial<Record<Dimension, string | boolean>>;

export interface SyntheticCategory {
  readonly id: CategoryId;
  readonly groupBy: readonly Dimension[];
  readonly labelSets: number;
  labels(index: number): LabelValues;
}

const project = (key: number) => syntheticId('proj_', Math.floor(key / KEYS_PER_PROJECT), 24);
const apiKey = (key: number) => syntheticId('key_', key, 16);
const user = (key: number) => syntheticId('user-', key, 24);

/** Completions by project, user, key, model and batch: one key per user, eight keys per project. */
export function completionsCategory(labelSets: number): SyntheticCategory {
  return {
    id: 'completions',
    groupBy: ['project_id', 'user_id', 'api_key_id', 'model', 'batch'],
    labelSets,
    labels(index) {
      const key = Math.floor(index / (2 * CHAT_MODELS.length));
      return {
        project_id: project(key),
        user_id: user(key),
        api_key_id: apiKey(key),
        model: CHAT_MODELS[(index >> 1) % CHAT_MODELS.length] as string,
        batch: (index & 1) === 1,
      };
    },
  };
}

export function embeddingsCategory(labelSets: number): SyntheticCategory {
  return {
    id: 'embeddings',
    groupBy: ['project_id', 'api_key_id', 'model'],
    labelSets,
    labels(index) {
      const key = Math.floor(index / EMBEDDING_MODELS.length);
      return {
        project_id: project(key),
        api_key_id: apiKey(key),
        model: EMBEDDING_MODELS[index % EMBEDDING_MODELS.length] as string,
      };
    },
  };
}

export function costsCategory(labelSets: number): SyntheticCategory {
  return {
    id: 'costs',
    groupBy: ['project_id', 'line_item'],
    labelSets,
    labels(index) {
      return {
        project_id: project(Math.floor(index / LINE_ITEMS.length) * KEYS_PER_PROJECT),
        line_item: LINE_ITEMS[index % LINE_ITEMS.length] as string,
      };
    },
  };
}

/** `"project_id":"proj_…",…,"service_tier":null`: every dimension key, null when not grouped, as the API sends. */
export function dimensionsJson(category: SyntheticCategory, index: number): string {
  const values = category.labels(index);
  const parts: string[] = [];
  for (const dimension of CATEGORIES[category.id].dimensions) {
    const value = category.groupBy.includes(dimension) ? values[dimension] : undefined;
    parts.push(`${JSON.stringify(dimension)}:${value === undefined ? 'null' : JSON.stringify(value)}`);
  }
  return parts.join(',');
}
