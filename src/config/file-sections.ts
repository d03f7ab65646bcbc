// Config file sections whose shape has no flag equivalent.

import { CATEGORIES, type CategoryId } from '../catalog/categories.js';
import type { QueryFilters } from '../domain/bucket.js';
import { ConfigError, quote } from './config-error.js';
import { listItems } from './list-decoders.js';
import { boolean, positiveNumber } from './scalar-decoders.js';
import { didYouMean } from './suggest.js';

function mapping(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(at, 'expected a mapping');
  }
  return value as Record<string, unknown>;
}

/** `filters: { models: [gpt-4o], batch: false }`, restricted to what the category's endpoint accepts. */
export function decodeFilters(category: CategoryId, value: unknown, at: string): QueryFilters {
  const allowed = CATEGORIES[category].filters;
  const filters: QueryFilters = {};
  for (const [name, raw] of Object.entries(mapping(value, at))) {
    const filterAt = `${at}.${name}`;
    const filter = allowed.find((candidate) => candidate === name);
    if (filter === undefined) {
      throw new ConfigError(
        filterAt,
        `${category} cannot be filtered by ${quote(name)}${didYouMean(name, allowed)}; expected one of ${allowed.join(', ')}`,
      );
    }
    if (filter === 'batch') {
      filters.batch = boolean(raw, filterAt);
      continue;
    }
    const items = listItems(raw, filterAt).map((item) => item.value);
    // An empty list could mean "match nothing" or "no filter"; refuse it rather than guess.
    if (items.length === 0)
      throw new ConfigError(filterAt, 'is empty; leave the filter out to match everything');
    filters[filter] = [...new Set(items)];
  }
  return filters;
}

export interface ProjectBudgets {
  readonly daily: Readonly<Record<string, number>>;
  readonly monthly: Readonly<Record<string, number>>;
}

/** `projects: { proj_abc: { daily_usd: 20, monthly_usd: 400 } }`. */
export function decodeProjectBudgets(value: unknown, at: string): ProjectBudgets {
  const daily: [string, number][] = [];
  const monthly: [string, number][] = [];
  for (const [project, raw] of Object.entries(mapping(value ?? {}, at))) {
    const projectAt = `${at}.${project}`;
    for (const [key, amount] of Object.entries(mapping(raw, projectAt))) {
      const amountAt = `${projectAt}.${key}`;
      if (key === 'daily_usd') daily.push([project, positiveNumber(amount, amountAt)]);
      else if (key === 'monthly_usd') monthly.push([project, positiveNumber(amount, amountAt)]);
      else
        throw new ConfigError(
          amountAt,
          `unknown key${didYouMean(key, ['daily_usd', 'monthly_usd'])}; expected daily_usd or monthly_usd`,
        );
    }
  }
  // fromEntries defines own properties, so even a project named __proto__ stays plain data.
  return { daily: Object.fromEntries(daily), monthly: Object.fromEntries(monthly) };
}
