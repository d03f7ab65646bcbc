// The `organizations:` list as --check-config prints it: where each key is read from (a file path
// or a variable name), never the key. An entry repeats a setting only where it differs from the
// top level, so the output reads like the file a user writes and loads back to the same settings.

import { CATEGORY_IDS } from '../catalog/categories.js';
import type { BudgetConfig, ExporterConfig, OrganizationConfig } from './config.js';

type Tree = { [key: string]: unknown };

/** `budget.projects` in file terms: `{ proj_abc: { daily_usd: 20, monthly_usd: 400 } }`. */
export function projectBudgetTree(budget: BudgetConfig): Tree {
  const projects: Tree = {};
  const add = (period: 'daily_usd' | 'monthly_usd', budgets: Readonly<Record<string, number>>) => {
    for (const [project, usd] of Object.entries(budgets)) {
      // defineProperty, so even a project named __proto__ stays plain data.
      if (!Object.hasOwn(projects, project))
        Object.defineProperty(projects, project, { value: {}, enumerable: true, writable: true });
      (projects[project] as Tree)[period] = usd;
    }
  };
  add('daily_usd', budget.projectDailyUsd);
  add('monthly_usd', budget.projectMonthlyUsd);
  return projects;
}

function budgetTree(budget: BudgetConfig): Tree {
  const projects = projectBudgetTree(budget);
  return {
    ...(budget.dailyUsd === undefined ? {} : { daily_usd: budget.dailyUsd }),
    ...(budget.monthlyUsd === undefined ? {} : { monthly_usd: budget.monthlyUsd }),
    ...(Object.keys(projects).length > 0 ? { projects } : {}),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function entryTree(config: ExporterConfig, organization: OrganizationConfig): Tree {
  const entry: Tree = { name: organization.name };
  const key = organization.adminKey;
  if (key?.kind === 'file') entry.admin_key_file = key.path;
  if (key?.kind === 'env') entry.admin_key_env = key.variable;
  if (organization.baseUrl !== config.openai.baseUrl) entry.base_url = organization.baseUrl;
  const enabled = CATEGORY_IDS.filter((id) => organization.categories[id].enabled);
  if (
    !same(
      enabled,
      CATEGORY_IDS.filter((id) => config.categories[id].enabled),
    )
  )
    entry.categories = enabled;
  if (!same(organization.budget, config.budget)) entry.budget = budgetTree(organization.budget);
  return entry;
}

/** The list, or undefined without one (the single organization prints as `organization.name`). */
export function organizationsTree(config: ExporterConfig): Tree[] | undefined {
  if (!config.organizations.some((organization) => organization.listed)) return undefined;
  return config.organizations.map((organization) => entryTree(config, organization));
}
