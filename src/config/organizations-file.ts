// The config file's `organizations:` list: one entry per OpenAI organization, each naming where its
// admin key is (a file or a variable, never the key itself). Every error names the entry, by index
// and by name once the name is known: `organizations[1] (globex): ...`.

import type { CategoryId } from '../catalog/categories.js';
import { baseUrl } from './address-decoders.js';
import type { AdminKeySource, BudgetConfig } from './config.js';
import { ConfigError } from './config-error.js';
import { decodeProjectBudgets } from './file-sections.js';
import { ADMIN_KEY_NAME } from './key-shaped.js';
import { categoryList } from './list-decoders.js';
import { organizationName } from './organization-options.js';
import { positiveNumber, text } from './scalar-decoders.js';
import { YamlSection } from './yaml-section.js';
import { describeKind, isMapping } from './yaml-value.js';

/** One entry as the file gives it; the global settings fill in what it leaves out (build-organizations.ts). */
export interface FileOrganization {
  /** How errors name the entry: `organizations[1] (globex)`. */
  readonly label: string;
  readonly name: string;
  /** Undefined when the entry names neither source, which only --demo accepts. */
  readonly adminKey: AdminKeySource | undefined;
  readonly baseUrl?: string;
  readonly categories?: readonly CategoryId[];
  readonly budget?: BudgetConfig;
}

/** The keys an entry may have; `budget` has BUDGET_KEYS under it. */
export const ENTRY_KEYS = ['name', 'admin_key_file', 'admin_key_env', 'base_url', 'categories', 'budget'];
export const BUDGET_KEYS = ['daily_usd', 'monthly_usd', 'projects'];
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Runs `decode` with errors relative to the entry (`categories[2]`), re-raised naming the entry. */
function within<T>(label: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(label, `${error.option}: ${error.problem}`);
    throw error;
  }
}

function variableName(value: unknown, at: string): string {
  const name = text(value, at).trim();
  if (!VARIABLE.test(name)) throw new ConfigError(at, 'is not an environment variable name');
  return name;
}

function adminKeySource(entry: YamlSection): AdminKeySource | undefined {
  const path = entry.raw('admin_key_file');
  const variable = entry.raw('admin_key_env');
  if (path !== undefined && variable !== undefined) {
    throw new ConfigError(
      'admin_key_file, admin_key_env',
      'set only one of admin_key_file and admin_key_env',
    );
  }
  if (path !== undefined) return { kind: 'file', path: text(path, 'admin_key_file').trim() };
  if (variable !== undefined) return { kind: 'env', variable: variableName(variable, 'admin_key_env') };
  return undefined;
}

function budget(section: YamlSection): BudgetConfig {
  section.expectOnly(BUDGET_KEYS);
  const daily = section.raw('daily_usd');
  const monthly = section.raw('monthly_usd');
  const projects = decodeProjectBudgets(section.section('projects'));
  return {
    ...(daily === undefined ? {} : { dailyUsd: positiveNumber(daily, section.pathOf('daily_usd')) }),
    ...(monthly === undefined ? {} : { monthlyUsd: positiveNumber(monthly, section.pathOf('monthly_usd')) }),
    projectDailyUsd: projects.daily,
    projectMonthlyUsd: projects.monthly,
  };
}

function checkKeys(entry: YamlSection): void {
  for (const key of entry.keys()) {
    if (ENTRY_KEYS.includes(key)) continue;
    if (ADMIN_KEY_NAME.test(key)) {
      throw entry.fail(
        key,
        'the admin key is never read from the config file; name its file with admin_key_file or its variable with admin_key_env',
      );
    }
    throw entry.unknownKey(key, ENTRY_KEYS);
  }
}

function decodeEntry(value: unknown, index: number): FileOrganization {
  const at = `organizations[${index}]`;
  if (!isMapping(value)) throw new ConfigError(at, `expected a mapping, got ${describeKind(value)}`);
  const entry = YamlSection.of('', '', value);
  const rawName = entry.raw('name');
  if (rawName === undefined) throw new ConfigError(at, 'name is required');
  const name = within(at, () => organizationName(rawName, 'name'));
  const label = `${at} (${name})`;
  return within(label, () => {
    checkKeys(entry);
    const base = entry.raw('base_url');
    const categories = entry.raw('categories');
    const section = entry.section('budget');
    return {
      label,
      name,
      adminKey: adminKeySource(entry),
      ...(base === undefined ? {} : { baseUrl: baseUrl(base, 'base_url') }),
      ...(categories === undefined ? {} : { categories: categoryList(categories, 'categories') }),
      ...(section === undefined ? {} : { budget: budget(section) }),
    };
  });
}

/** The list, each entry checked on its own and the names checked to be unique. */
export function decodeOrganizations(value: unknown, at: string): FileOrganization[] {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new ConfigError(at, 'is empty; list at least one organization, or leave organizations out');
  }
  if (!Array.isArray(value)) throw new ConfigError(at, `expected a list, got ${describeKind(value)}`);
  const organizations = value.map(decodeEntry);
  const first = new Map<string, string>();
  for (const organization of organizations) {
    const earlier = first.get(organization.name);
    if (earlier !== undefined) {
      throw new ConfigError(
        organization.label,
        `the name is already used by ${earlier}; names must be unique`,
      );
    }
    first.set(organization.name, organization.label.replace(/ \(.*$/, ''));
  }
  return organizations;
}
