// Reads the organization's own limits from the Administration API: hard spend limits, spend
// alerts and per-model rate limits. Same admin key, gate, retries, key-echo refusal and paging as
// the directory client; every failure is reported under the subject `limits`. "No limit set" (a
// 404 or an empty answer) is an answer, not a failure.

import type { RateLimit, SpendAlert, SpendLimit } from '../domain/limits.js';
import { type ClientOptions, type ClientSettings, resolveClientSettings } from './client-options.js';
import { UpstreamHttpError } from './errors.js';
import { parseRateLimit, parseSpendAlert, parseSpendLimit } from './limits-parse.js';
import {
  type ListItem,
  type ListPaging,
  type ListPagingOptions,
  listAll,
  parseAnswer,
  resolveListPaging,
  withShapeErrors,
} from './list-all.js';
import { getWithRetries } from './request-loop.js';
import { LIMITS_SUBJECT } from './upstream-subject.js';

export interface LimitsClientOptions extends ClientOptions<typeof LIMITS_SUBJECT>, ListPagingOptions {}

const projectPath = (projectId: string, resource: string) =>
  `organization/projects/${encodeURIComponent(projectId)}/${resource}`;

export class LimitsClient {
  readonly #settings: ClientSettings<typeof LIMITS_SUBJECT>;
  readonly #paging: ListPaging;

  constructor(options: LimitsClientOptions) {
    this.#settings = resolveClientSettings(options);
    this.#paging = resolveListPaging(options);
  }

  /** The organization's hard limit; undefined when none is set. */
  organizationSpendLimit(signal?: AbortSignal): Promise<SpendLimit | undefined> {
    return this.#spendLimit('organization', 'organization/spend_limit', signal);
  }

  projectSpendLimit(projectId: string, signal?: AbortSignal): Promise<SpendLimit | undefined> {
    return this.#spendLimit('project', projectPath(projectId, 'spend_limit'), signal);
  }

  async organizationSpendAlerts(signal?: AbortSignal): Promise<SpendAlert[]> {
    const path = 'organization/spend_alerts';
    const items = await this.#list(path, signal);
    return this.#items(path, items, (item, i) => parseSpendAlert('organization', item, i));
  }

  async projectSpendAlerts(projectId: string, signal?: AbortSignal): Promise<SpendAlert[]> {
    const path = projectPath(projectId, 'spend_alerts');
    const items = await this.#list(path, signal);
    return this.#items(path, items, (item, i) => parseSpendAlert('project', item, i));
  }

  async projectRateLimits(projectId: string, signal?: AbortSignal): Promise<RateLimit[]> {
    const path = projectPath(projectId, 'rate_limits');
    return this.#items(path, await this.#list(path, signal), parseRateLimit);
  }

  async #spendLimit(
    scope: 'organization' | 'project',
    path: string,
    signal: AbortSignal | undefined,
  ): Promise<SpendLimit | undefined> {
    const body = await this.#getOrNotFound(`${this.#settings.baseUrl}/${path}`, signal);
    if (body === undefined || body.trim() === '') return undefined;
    return parseAnswer(
      this.#settings,
      LIMITS_SUBJECT,
      path,
      body,
      (decoded) => parseSpendLimit(scope, decoded) ?? undefined,
    );
  }

  /** A 404 lists nothing: the project went away, or has nothing configured. */
  async #list(path: string, signal: AbortSignal | undefined): Promise<ListItem[]> {
    try {
      return await listAll(this.#settings, LIMITS_SUBJECT, this.#paging, path, {}, signal);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  async #getOrNotFound(url: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    try {
      return await getWithRetries(this.#settings, LIMITS_SUBJECT, url, signal);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Parses listed items with the same redaction and error type as a whole answer. */
  #items<T>(path: string, items: readonly ListItem[], parse: (item: ListItem, index: number) => T): T[] {
    return withShapeErrors(this.#settings, LIMITS_SUBJECT, path, () => items.map(parse));
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof UpstreamHttpError && error.status === 404;
}
