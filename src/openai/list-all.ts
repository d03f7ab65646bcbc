// Every item of a paged admin listing (`limit`/`after`, `has_more`, `last_id`), and the decoding
// of one admin answer: shared by the directory and limits clients, so both page, refuse endless
// listings and report malformed answers the same way.

import type { ClientSettings } from './client-options.js';
import { MalformedPageError, PaginationError } from './errors.js';
import { parseListPage } from './list-page.js';
import { redactSecrets } from './redact.js';
import { getWithRetries } from './request-loop.js';
import { PageShapeError } from './result-reader.js';
import type { UpstreamSubject } from './upstream-subject.js';

export type ListItem = Readonly<Record<string, unknown>>;

export interface ListPaging {
  /** Items per page, 1-100. */
  readonly limit: number;
  /** Guards against endless listings. */
  readonly maxPages: number;
}

export interface ListPagingOptions {
  /** Items per page, 1-100. Default 100, the most the listings allow. */
  listLimit?: number;
  /** Default 1000 (100 000 items at the default limit); guards against endless listings. */
  maxListPages?: number;
}

/** Applies the defaults; throws RangeError for values that cannot work. */
export function resolveListPaging(options: ListPagingOptions): ListPaging {
  const limit = options.listLimit ?? 100;
  const maxPages = options.maxListPages ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new RangeError('listLimit must be an integer between 1 and 100');
  }
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw new RangeError('maxListPages must be a positive integer');
  }
  return { limit, maxPages };
}

/** Runs `parse` on an answer; a shape it refuses becomes a MalformedPageError with secrets redacted. */
export function parseAnswer<S extends UpstreamSubject, T>(
  settings: ClientSettings<S>,
  subject: S,
  path: string,
  body: string,
  parse: (decoded: unknown) => T,
): T {
  let decoded: unknown;
  try {
    decoded = JSON.parse(body);
  } catch {
    throw new MalformedPageError(subject, `${path}: body is not valid JSON (${body.length} characters)`);
  }
  return withShapeErrors(settings, subject, path, () => parse(decoded));
}

/** Runs `read`; a PageShapeError it throws becomes a MalformedPageError with secrets redacted. */
export function withShapeErrors<S extends UpstreamSubject, T>(
  settings: ClientSettings<S>,
  subject: S,
  path: string,
  read: () => T,
): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PageShapeError) {
      throw new MalformedPageError(subject, `${path}: ${redactSecrets(error.message, settings.usedKeys)}`);
    }
    throw error;
  }
}

export async function listAll<S extends UpstreamSubject>(
  settings: ClientSettings<S>,
  subject: S,
  paging: ListPaging,
  path: string,
  params: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): Promise<ListItem[]> {
  const items: ListItem[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (let pages = 1; ; pages++) {
    const query = new URLSearchParams({ ...params, limit: String(paging.limit) });
    if (after !== undefined) query.set('after', after);
    const url = `${settings.baseUrl}/${path}?${query}`;
    const body = await getWithRetries(settings, subject, url, signal);
    const page = parseAnswer(settings, subject, path, body, parseListPage);
    for (const item of page.items) items.push(item);
    if (!page.hasMore) return items;
    if (page.lastId === undefined) {
      throw new PaginationError(subject, `${path} said has_more but gave no last_id to continue after`);
    }
    if (seen.has(page.lastId)) throw new PaginationError(subject, `${path} repeated a last_id`);
    if (pages >= paging.maxPages) {
      throw new PaginationError(
        subject,
        `${path} still has_more after ${pages} pages (maxListPages ${paging.maxPages})`,
      );
    }
    seen.add(page.lastId);
    after = page.lastId;
  }
}
