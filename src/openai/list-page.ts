// Validates one page of an admin listing (`{object: "list", data, first_id, last_id, has_more}`):
// strict about what pagination and identity hang on (`has_more`, each item's `id`), tolerant of
// everything else, since the docs mark most item fields optional or nullable.

import { describe, PageShapeError } from './result-reader.js';

export interface ListPage {
  /** Each item an object with a non-empty string `id`. */
  readonly items: readonly Readonly<Record<string, unknown>>[];
  readonly hasMore: boolean;
  /** The `after` cursor for the next page: `last_id`, or the last item's id when it is missing. */
  readonly lastId: string | undefined;
}

export function parseListPage(body: unknown): ListPage {
  if (!isObject(body)) throw new PageShapeError('response body is not a JSON object');
  if (body.object !== undefined && body.object !== 'list') {
    throw new PageShapeError(`list object is ${describe(body.object)}, expected "list"`);
  }
  const { data, has_more: hasMore } = body;
  if (!Array.isArray(data)) throw new PageShapeError(`list data is ${describe(data)}, expected an array`);
  if (typeof hasMore !== 'boolean') {
    throw new PageShapeError(`list has_more is ${describe(hasMore)}, expected a boolean`);
  }
  const items = data.map((item: unknown, index) => {
    if (!isObject(item)) throw new PageShapeError(`list item ${index} is not an object`);
    if (typeof item.id !== 'string' || item.id === '') {
      throw new PageShapeError(`list item ${index} has id ${describe(item.id)}, expected a non-empty string`);
    }
    return item;
  });
  const lastId = typeof body.last_id === 'string' && body.last_id !== '' ? body.last_id : items.at(-1)?.id;
  return { items, hasMore, lastId: typeof lastId === 'string' ? lastId : undefined };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
