// One page of an admin listing (`object: 'list'`, `limit`/`after`/`before` cursors by item id),
// shared by the directory listings and the limits listings.

import { invalidParam } from './errors.js';
import { integerParam, type RawParams, scalarParam } from './query-params.js';

export interface ListBody {
  object: 'list';
  data: Record<string, unknown>[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface LimitBounds {
  readonly defaultLimit: number;
  readonly min: number;
  readonly max: number;
}

/** Projects, users and API keys: 20 by default, 1 to 100. */
export const DIRECTORY_BOUNDS: LimitBounds = { defaultLimit: 20, min: 1, max: 100 };

function cursorIndex(items: readonly Record<string, unknown>[], name: string, id: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw invalidParam(name, `Invalid '${name}': no object with id '${id}'.`);
  return index;
}

export function paginate(
  items: readonly Record<string, unknown>[],
  params: RawParams,
  bounds: LimitBounds = DIRECTORY_BOUNDS,
): ListBody {
  const limit = integerParam(params, 'limit') ?? bounds.defaultLimit;
  if (limit < bounds.min || limit > bounds.max)
    throw invalidParam(
      'limit',
      `Invalid 'limit': ${limit}. Expected a value between ${bounds.min} and ${bounds.max}.`,
    );
  const after = scalarParam(params, 'after');
  const before = params.has('before') ? scalarParam(params, 'before') : undefined;
  let from = after === undefined ? 0 : cursorIndex(items, 'after', after) + 1;
  let to = items.length;
  if (before !== undefined) {
    to = cursorIndex(items, 'before', before);
    // A page before a cursor is the `limit` items just before it.
    if (after === undefined) from = Math.max(0, to - limit);
  }
  const data = items.slice(from, Math.min(to, from + limit));
  return {
    object: 'list',
    data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data[data.length - 1]?.id as string | undefined) ?? null,
    has_more: from + data.length < to,
  };
}
