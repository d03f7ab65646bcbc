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
import {
  type ListItem,
  type ListPaging,
  type ListPagingOptions,
  listAll,
  resolveListPaging,
} from './list-all.js';
import { NAMES_SUBJECT } from './upstream-subject.js';

export interface AdminDirectoryClientOptions extends ClientOptions<typeof NAMES_SUBJECT>, ListPagingOptions {}

export class AdminDirectoryClient {
  readonly #settings: ClientSettings<typeof NAMES_SUBJECT>;
  readonly #paging: ListPaging;

  constructor(options: AdminDirectoryClientOptions) {
    this.#settings = resolveClientSettings(options);
    this.#paging = resolveListPaging(options);
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

  #listAll(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<ListItem[]> {
    return listAll(this.#settings, NAMES_SUBJECT, this.#paging, path, params, signal);
  }
}
