// The YAML config file: the same settings as the flags, nested, plus what only makes sense in a
// file (per-category `enabled` and `filters`, per-project budgets). Every key is checked, so a typo
// is an error with its path instead of a silently ignored setting.

import { parseDocument } from 'yaml';
import { CATEGORY_IDS, type CategoryId } from '../catalog/categories.js';
import type { QueryFilters } from '../domain/bucket.js';
import { ConfigError } from './config-error.js';
import { decodeFilters, decodeProjectBudgets } from './file-sections.js';
import { isKeyShaped, KEY_SHAPED_PROBLEM, refuseKeyShaped } from './key-shaped.js';
import { ALL_OPTIONS } from './option-list.js';
import type { OptionSpec } from './option-spec.js';
import { OPTIONS } from './options.js';
import { boolean } from './scalar-decoders.js';
import { didYouMean } from './suggest.js';
import { isMapping } from './yaml-value.js';

export interface FileCategorySettings {
  enabled?: boolean;
  filters?: QueryFilters;
}

export interface FileSettings {
  /** The file's path, for error messages. */
  readonly file: string;
  /** Option values already decoded, with the file path each came from. */
  readonly values: Map<OptionSpec<unknown>, { readonly value: unknown; readonly at: string }>;
  readonly categories: Partial<Record<CategoryId, FileCategorySettings>>;
}

type Leaf = (value: unknown, at: string, settings: FileSettings) => void;
type Branch = Map<string, Node>;
type Node = Leaf | Branch;

function insert(root: Branch, path: string, leaf: Leaf): void {
  const keys = path.split('.');
  let branch = root;
  keys.slice(0, -1).forEach((key) => {
    let child = branch.get(key);
    if (child === undefined) {
      child = new Map();
      branch.set(key, child);
    }
    if (typeof child === 'function') throw new Error(`config file schema: ${path} nests under a value`);
    branch = child;
  });
  branch.set(keys[keys.length - 1] ?? '', leaf);
}

function categorySettings(settings: FileSettings, category: CategoryId): FileCategorySettings {
  settings.categories[category] ??= {};
  return settings.categories[category];
}

function buildSchema(): Branch {
  const root: Branch = new Map();
  for (const spec of ALL_OPTIONS) {
    if (spec.filePath === undefined) continue;
    insert(root, spec.filePath, (value, at, settings) => {
      settings.values.set(spec, { value: spec.decode(value, at), at });
    });
  }
  insert(root, 'budget.projects', (value, at, settings) => {
    const { daily, monthly } = decodeProjectBudgets(value, at);
    settings.values.set(OPTIONS.projectDailyUsd, { value: daily, at });
    settings.values.set(OPTIONS.projectMonthlyUsd, { value: monthly, at });
  });
  for (const category of CATEGORY_IDS) {
    insert(root, `categories.${category}.enabled`, (value, at, settings) => {
      categorySettings(settings, category).enabled = boolean(value, at);
    });
    insert(root, `categories.${category}.filters`, (value, at, settings) => {
      categorySettings(settings, category).filters = decodeFilters(category, value, at);
    });
  }
  return root;
}

const SCHEMA = buildSchema();

function unknownKey(key: string, at: string, known: readonly string[]): ConfigError {
  if (/(^|[-_.])key$|(admin|api)[-_]?key/i.test(key)) {
    return new ConfigError(
      at,
      'the admin key is never read from the config file; set OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE',
    );
  }
  return new ConfigError(at, `unknown key${didYouMean(key, known)}; expected one of ${known.join(', ')}`);
}

function walk(branch: Branch, value: unknown, at: string, settings: FileSettings): void {
  // An empty section (`web:` with nothing under it) is null in YAML; treat it as empty.
  if (value === null || value === undefined) return;
  if (!isMapping(value)) throw new ConfigError(at === '' ? '(top level)' : at, 'expected a mapping');
  for (const [key, child] of Object.entries(value)) {
    if (isKeyShaped(key)) throw new ConfigError(at === '' ? '(top level)' : at, KEY_SHAPED_PROBLEM);
    const childAt = at === '' ? key : `${at}.${key}`;
    const node = branch.get(key);
    if (node === undefined) throw unknownKey(key, childAt, [...branch.keys()]);
    if (typeof node === 'function') {
      refuseKeyShaped(child, childAt);
      node(child, childAt, settings);
    } else walk(node, child, childAt, settings);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** Parses and validates the file's text; `file` only labels errors. */
export function parseConfigFile(text: string, file: string): FileSettings {
  // prettyErrors would quote the offending line, which may hold a secret; report the position only.
  const document = parseDocument(text, { prettyErrors: false });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    throw new ConfigError(
      file,
      `is not valid YAML: ${problem.message} at ${lineAndColumn(text, problem.pos[0])}`,
    );
  }
  const settings: FileSettings = { file, values: new Map(), categories: {} };
  try {
    walk(SCHEMA, document.toJS(), '', settings);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.option, error.problem, file);
    throw error;
  }
  return settings;
}
