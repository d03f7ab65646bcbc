// The organizations the exporter polls: the config file's `organizations:` list, or else the one
// organization of a single-organization setup, named by --organization.name.

import { CATEGORY_IDS, type CategoryId } from '../catalog/categories.js';
import { implicitAdminKeySource, readAdminKey } from './admin-key.js';
import type { BudgetConfig, CategoryConfig, OrganizationConfig } from './config.js';
import { ConfigError } from './config-error.js';
import type { FileSettings } from './config-file.js';
import { ADMIN_KEY_VARIABLES } from './option-list.js';
import type { OptionSources } from './option-sources.js';
import { OPTIONS as O } from './options.js';
import type { FileOrganization } from './organizations-file.js';

export interface KeyAccess {
  readonly env: NodeJS.ProcessEnv;
  readonly readFile: (path: string) => string;
}

/** The settings an entry falls back to when it leaves them out. */
export interface OrganizationDefaults {
  readonly baseUrl: string;
  readonly categories: Readonly<Record<CategoryId, CategoryConfig>>;
  readonly budget: BudgetConfig;
  readonly demo: boolean;
}

/** Exactly the listed categories are enabled; how each is grouped and filtered stays global. */
function restricted(
  categories: Readonly<Record<CategoryId, CategoryConfig>>,
  enabled: readonly CategoryId[] | undefined,
): Readonly<Record<CategoryId, CategoryConfig>> {
  if (enabled === undefined) return categories;
  const entries = CATEGORY_IDS.map((id) => [id, { ...categories[id], enabled: enabled.includes(id) }]);
  return Object.fromEntries(entries) as Record<CategoryId, CategoryConfig>;
}

/** A list and the single-organization settings exclude each other, so neither is silently ignored. */
function refuseSingleSettings(sources: OptionSources, access: KeyAccess, file: string): void {
  const name = sources.require(O.organizationName);
  if (name.source !== 'default') {
    throw new ConfigError(
      name.at,
      'cannot be set when the config file has an organizations list; each entry has its own name',
      name.file,
    );
  }
  const set = Object.values(ADMIN_KEY_VARIABLES)
    .map(({ env }) => env)
    .filter((variable) => access.env[variable] !== undefined);
  if (set.length > 0) {
    throw new ConfigError(
      set.join(', '),
      `must not be set when the config file ${file} lists organizations; each entry names its key with admin_key_file or admin_key_env`,
    );
  }
}

function listed(entry: FileOrganization, defaults: OrganizationDefaults, access: KeyAccess, file: string) {
  if (entry.adminKey === undefined && !defaults.demo) {
    throw new ConfigError(
      entry.label,
      'needs admin_key_file or admin_key_env (only --demo runs without keys)',
      file,
    );
  }
  // Read once now so a missing file or a wrong key stops the start, not the first poll.
  if (entry.adminKey !== undefined && !defaults.demo) {
    try {
      readAdminKey(entry.adminKey, access.env, access.readFile, entry.label);
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(error.option, error.problem, file);
      throw error;
    }
  }
  const organization: OrganizationConfig = {
    name: entry.name,
    adminKey: entry.adminKey,
    baseUrl: entry.baseUrl ?? defaults.baseUrl,
    categories: restricted(defaults.categories, entry.categories),
    budget: entry.budget ?? defaults.budget,
    listed: true,
  };
  return organization;
}

export function buildOrganizations(
  sources: OptionSources,
  file: FileSettings | undefined,
  defaults: OrganizationDefaults,
  access: KeyAccess,
): OrganizationConfig[] {
  if (file?.organizations === undefined) {
    return [
      {
        name: sources.value(O.organizationName),
        adminKey: implicitAdminKeySource(access.env),
        baseUrl: defaults.baseUrl,
        categories: defaults.categories,
        budget: defaults.budget,
        listed: false,
      },
    ];
  }
  refuseSingleSettings(sources, access, file.file);
  return file.organizations.map((entry) => listed(entry, defaults, access, file.file));
}
