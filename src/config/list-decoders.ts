// Lists come as `a,b,c` from flags and the environment and as YAML sequences from the file.
// Items carry their own location so a file error can point at `group_by[2]`.

import { CATEGORIES, CATEGORY_IDS, type CategoryId, type Dimension } from '../catalog/categories.js';
import { ConfigError, quote } from './config-error.js';
import type { Decoder } from './scalar-decoders.js';
import { positiveNumber } from './scalar-decoders.js';
import { didYouMean } from './suggest.js';
import { describeKind } from './yaml-value.js';

interface ListItem {
  readonly value: string;
  readonly at: string;
}

/** `''` and `[]` are the empty list, which is meaningful (e.g. "no grouping"). */
export function listItems(value: unknown, at: string): ListItem[] {
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    return value.split(',').map((item) => {
      const trimmed = item.trim();
      if (trimmed === '') throw new ConfigError(at, `${quote(value)} has an empty item`);
      return { value: trimmed, at };
    });
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => {
      const itemAt = `${at}[${index}]`;
      if (typeof item !== 'string' || item.trim() === '') {
        throw new ConfigError(itemAt, `expected a non-empty string, got ${describeKind(item)}`);
      }
      return { value: item.trim(), at: itemAt };
    });
  }
  throw new ConfigError(at, `expected a list, got ${describeKind(value)}`);
}

function uniqueMembers<T extends string>(
  items: readonly ListItem[],
  allowed: readonly T[],
  problem: (value: string) => string,
): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item.value)) {
      throw new ConfigError(item.at, `${problem(item.value)}; expected one of ${allowed.join(', ')}`);
    }
    if (seen.has(item.value)) throw new ConfigError(item.at, `${quote(item.value)} is listed twice`);
    seen.add(item.value);
  }
  return items.map((item) => item.value as T);
}

export function dimensionList(category: CategoryId): Decoder<readonly Dimension[]> {
  const dimensions = CATEGORIES[category].dimensions;
  return (value, at) =>
    uniqueMembers(
      listItems(value, at),
      dimensions,
      (item) => `${quote(item)} is not a dimension of ${category}${didYouMean(item, dimensions)}`,
    );
}

/** `all` stands for every category so the default can be written down briefly. */
export const categoryList: Decoder<readonly CategoryId[]> = (value, at) => {
  const items = listItems(value, at);
  if (items.length === 1 && items[0]?.value === 'all') return [...CATEGORY_IDS];
  if (items.length === 0) throw new ConfigError(at, 'enable at least one category');
  return uniqueMembers(
    items,
    CATEGORY_IDS,
    (item) => `${quote(item)} is not a category${didYouMean(item, CATEGORY_IDS)}`,
  );
};

/** `proj_a=10,proj_b=25.5` ⇒ `{ proj_a: 10, proj_b: 25.5 }`; `''` clears budgets set further down. */
export const projectBudgets: Decoder<Readonly<Record<string, number>>> = (value, at) => {
  const budgets = new Map<string, number>();
  for (const item of listItems(value, at)) {
    const separator = item.value.indexOf('=');
    const project = item.value.slice(0, separator).trim();
    if (separator < 0 || project === '') {
      throw new ConfigError(item.at, `${quote(item.value)} is not of the form <project_id>=<usd>`);
    }
    if (budgets.has(project)) {
      throw new ConfigError(item.at, `project ${quote(project)} is listed twice`);
    }
    budgets.set(project, positiveNumber(item.value.slice(separator + 1).trim(), item.at));
  }
  // fromEntries defines own properties, so even a project named __proto__ stays plain data.
  return Object.fromEntries(budgets);
};
