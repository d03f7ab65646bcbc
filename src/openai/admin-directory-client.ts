// Lists the organization's projects, users and project API keys (the Administration API), so ids
// in usage labels can be given names. Same admin key, gate, retries and typed errors as the usage
// client; every failure is reported under the subject `names`.

import { type ClientOptions, type ClientSettings, resolveClientSettings } from './client-options.js';
import {
  apiKeyEntry,
  type DirectoryApiKey,
  type DirectoryProject,
  type DirectoryUser,
  projectEntry,
  userEntry,
} from './directory-entries.js';
import { MalformedPageError, PaginationError } from './errors.js';
import { type ListPage, parseListPage } from './list-page.js';
import { redactSecrets } from './redact.js';
import { getWithRetries } from './request-loop.js';
import { PageShapeError } from './result-reader.js';
import { NAMES_SUBJECT } from './upstream-subject.js';

export interface AdminDirectoryClientOptions extends ClientOptions<typeof NAMES_SUBJECT> {
  /** Items per page, 1-100. Default 100, the most the listings allow. */
  listLimit?: number;
  /** Default 1000 (100 000 items at the default limit); guards against endless listings. */
  maxListPages?: number;
}

type Item = Readonly<Record<string, unknown>>;

export class AdminDirectoryClient {
  readonly #settings: ClientSettings<typeof NAMES_SUBJECT>;
  readonly #limit: number;
  readonly #maxPages: number;

  constructor(options: AdminDirectoryClientOptions) {
    this.#settings = resolveClientSettings(options);
    this.#limit = options.listLimit ?? 100;
    this.#maxPages = options.maxListPages ?? 1000;
    if (!Number.isInteger(this.#limit) || this.#limit < 1 || this.#limit > 100) {
      throw new RangeError('listLimit must be an integer between 1 and 100');
    }
    if (!Number.isInteger(this.#maxPages) || this.#maxPages < 1) {
      throw new RangeError('maxListPages must be a positive integer');
    }
  }

  /** Every project, archived ones included: their ids stay in past usage. */
  async listProjects(signal?: AbortSignal): Promise<DirectoryProject[]> {
    const items = await this.#listAll('organization/projects', { include_archived: 'true' }, signal);
    return items.map(projectEntry);
  }

  async listUsers(signal?: AbortSignal): Promise<DirectoryUser[]> {
    return (await this.#listAll('organization/users', {}, signal)).map(userEntry);
  }

  /**
   * Every enabled key of a project. Without `owner_project_access=any` the listing hides keys whose
   * owner lost access to the project, and those keys still spend.
   */
  async listProjectApiKeys(projectId: string, signal?: AbortSignal): Promise<DirectoryApiKey[]> {
    const path = `organization/projects/${encodeURIComponent(projectId)}/api_keys`;
    const items = await this.#listAll(path, { owner_project_access: 'any' }, signal);
    return items.map((item) => apiKeyEntry(item, projectId));
  }

  async #listAll(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<Item[]> {
    const items: Item[] = [];
    const seen = new Set<string>();
    let after: string | undefined;
    for (let pages = 1; ; pages++) {
      const query = new URLSearchParams({ ...params, limit: String(this.#limit) });
      if (after !== undefined) query.set('after', after);
      const url = `${this.#settings.baseUrl}/${path}?${query}`;
      const page = this.#parse(path, await getWithRetries(this.#settings, NAMES_SUBJECT, url, signal));
      for (const item of page.items) items.push(item);
      if (!page.hasMore) return items;
      if (page.lastId === undefined) {
        throw new PaginationError(
          NAMES_SUBJECT,
          `${path} said has_more but gave no last_id to continue after`,
        );
      }
      if (seen.has(page.lastId)) throw new PaginationError(NAMES_SUBJECT, `${path} repeated a last_id`);
      if (pages >= this.#maxPages) {
        throw new PaginationError(
          NAMES_SUBJECT,
          `${path} still has_more after ${pages} pages (maxListPages ${this.#maxPages})`,
        );
      }
      seen.add(page.lastId);
      after = page.lastId;
    }
  }

  #parse(path: string, body: string): ListPage {
    let decoded: unknown;
    try {
      decoded = JSON.parse(body);
    } catch {
      throw new MalformedPageError(
        NAMES_SUBJECT,
        `${path}: body is not valid JSON (${body.length} characters)`,
      );
    }
    try {
      return parseListPage(decoded);
    } catch (error) {
      if (error instanceof PageShapeError) {
        throw new MalformedPageError(
          NAMES_SUBJECT,
          `${path}: ${redactSecrets(error.message, this.#settings.adminKey)}`,
        );
      }
      throw error;
    }
  }
}
