// Config file sections whose shape has no flag equivalent.

import { CATEGORIES, type CategoryId } from '../catalog/categories.js';
import type { QueryFilters } from '../domain/bucket.js';
import { quote } from './config-error.js';
import { listItems } from './list-decoders.js';
import { boolean, positiveNumber } from './scalar-decoders.js';
import { didYouMean } from './suggest.js';
import type { YamlSection } from './yaml-section.js';

/** `filters: { models: [gpt-4o], batch: false }`, restricted to what the category's endpoint accepts. */
export function decodeFilters(category: CategoryId, section: YamlSection): QueryFilters {
  const allowed = CATEGORIES[category].filters;
  const filters: QueryFilters = {};
  for (const [name, raw] of section.entries()) {
    const filterAt = section.pathOf(name);
    const filter = allowed.find((candidate) => candidate === name);
    if (filter === undefined) {
      throw section.fail(
        name,
        `${category} cannot be filtered by ${quote(name)}${didYouMean(name, allowed)}; expected one of ${allowed.join(', ')}`,
      );
    }
    if (filter === 'batch') {
      filters.batch = boolean(raw, filterAt);
      continue;
    }
    const items = listItems(raw, filterAt).map((item) => item.value);
    // An empty list could mean "match nothing" or "no filter"; refuse it rather than guess.
    if (items.length === 0) throw section.fail(name, 'is empty; leave the filter out to match everything');
    filters[filter] = [...new Set(items)];
  }
  return filters;
}

export interface ProjectBudgets {
  readonly daily: Readonly<Record<string, number>>;
  readonly monthly: Readonly<Record<string, number>>;
}

const BUDGET_KEYS = ['daily_usd', 'monthly_usd'];

/** `projects: { proj_abc: { daily_usd: 20, monthly_usd: 400 } }`; absent or empty means none. */
export function decodeProjectBudgets(section: YamlSection | undefined): ProjectBudgets {
  if (section === undefined) return { daily: {}, monthly: {} };
  const daily: [string, number][] = [];
  const monthly: [string, number][] = [];
  for (const project of section.keys()) {
    const amounts = section.requiredSection(project);
    for (const [key, amount] of amounts.entries()) {
      if (!BUDGET_KEYS.includes(key)) throw amounts.unknownKey(key, BUDGET_KEYS, 'daily_usd or monthly_usd');
      (key === 'daily_usd' ? daily : monthly).push([project, positiveNumber(amount, amounts.pathOf(key))]);
    }
  }
  // fromEntries defines own properties, so even a project named __proto__ stays plain data.
  return { daily: Object.fromEntries(daily), monthly: Object.fromEntries(monthly) };
}
