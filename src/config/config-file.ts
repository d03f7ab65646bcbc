// The YAML config file: the same settings as the flags, nested, plus what only makes sense in a
// file (per-category `enabled` and `filters`, per-project budgets). Every key is checked, so a typo
// is an error with its path instead of a silently ignored setting.

import { CATEGORY_IDS, type CategoryId } from '../catalog/categories.js';
import type { QueryFilters } from '../domain/bucket.js';
import { ConfigError } from './config-error.js';
import { decodeFilters, decodeProjectBudgets } from './file-sections.js';
import { ADMIN_KEY_NAME, isKeyShaped, KEY_SHAPED_PROBLEM, refuseKeyShaped } from './key-shaped.js';
import { ALL_OPTIONS } from './option-list.js';
import type { OptionSpec } from './option-spec.js';
import { OPTIONS } from './options.js';
import { decodeOrganizations, type FileOrganization } from './organizations-file.js';
import { boolean } from './scalar-decoders.js';
import { parseYaml } from './yaml-document.js';
import { YamlSection } from './yaml-section.js';

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
  /** The `organizations:` list; undefined when the file has none. */
  organizations?: readonly FileOrganization[];
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
    const { daily, monthly } = decodeProjectBudgets(YamlSection.at(settings.file, at, value));
    settings.values.set(OPTIONS.projectDailyUsd, { value: daily, at });
    settings.values.set(OPTIONS.projectMonthlyUsd, { value: monthly, at });
  });
  insert(root, 'organizations', (value, at, settings) => {
    settings.organizations = decodeOrganizations(value, at);
  });
  for (const category of CATEGORY_IDS) {
    insert(root, `categories.${category}.enabled`, (value, at, settings) => {
      categorySettings(settings, category).enabled = boolean(value, at);
    });
    insert(root, `categories.${category}.filters`, (value, at, settings) => {
      categorySettings(settings, category).filters = decodeFilters(
        category,
        YamlSection.of(settings.file, at, value),
      );
    });
  }
  return root;
}

const SCHEMA = buildSchema();

function walk(branch: Branch, section: YamlSection | undefined, settings: FileSettings): void {
  // An empty section (`web:` with nothing under it) is null in YAML; treat it as empty.
  if (section === undefined) return;
  for (const [key, child] of section.entries()) {
    if (isKeyShaped(key)) throw section.fail(undefined, KEY_SHAPED_PROBLEM);
    const node = branch.get(key);
    if (node === undefined) {
      if (ADMIN_KEY_NAME.test(key)) {
        throw section.fail(
          key,
          'the admin key is never read from the config file; set OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE',
        );
      }
      throw section.unknownKey(key, [...branch.keys()]);
    }
    if (typeof node === 'function') {
      const at = section.pathOf(key);
      refuseKeyShaped(child, at);
      node(child, at, settings);
    } else walk(node, section.section(key), settings);
  }
}

/** Parses and validates the file's text; `file` only labels errors. */
export function parseConfigFile(text: string, file: string): FileSettings {
  const document = parseYaml(text, (problem) => new ConfigError(file, problem));
  const settings: FileSettings = { file, values: new Map(), categories: {} };
  try {
    walk(SCHEMA, YamlSection.at(file, '', document), settings);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.option, error.problem, file);
    throw error;
  }
  return settings;
}
