// Lists projects, users and every project's API keys, so ids can be shown with their names.
// Like a category, it fails alone: a failed poll keeps the names of the last good one, and
// usage polling never waits on it. A poll is all or nothing, so the names never mix two listings.

import type { Logger } from 'pino';
import {
  type DirectoryApiKey,
  type DirectoryProject,
  type DirectoryUser,
  MalformedPageError,
  NAMES_SUBJECT,
  PaginationError,
  UpstreamError,
  UpstreamHttpError,
} from '../openai/index.js';
import type { PollReporter, TierProgress } from './category-poller.js';
import { FailureLog } from './failure-log.js';

export interface DirectorySource {
  listProjects(signal?: AbortSignal): Promise<readonly DirectoryProject[]>;
  listUsers(signal?: AbortSignal): Promise<readonly DirectoryUser[]>;
  listProjectApiKeys(projectId: string, signal?: AbortSignal): Promise<readonly DirectoryApiKey[]>;
}

/** Sorted by id, each id once. */
export interface Names {
  readonly projects: readonly DirectoryProject[];
  readonly apiKeys: readonly DirectoryApiKey[];
  readonly users: readonly DirectoryUser[];
}

/** The names have no bucket width; self-metrics give them no bucket_width label. */
export const NAMES_WIDTH = '';

/** Key listings that may fail without failing the poll: the project went away, or was archived. */
const SKIPPABLE_FOR_ARCHIVED = new Set([400, 403, 404, 410]);

export class NamesPoller {
  readonly progress: TierProgress = { attempted: false };
  #names: Names | undefined;
  #fingerprint = '';
  readonly #failureLog: FailureLog;

  constructor(
    private readonly source: DirectorySource,
    private readonly reporter: Pick<PollReporter, 'pollFinished' | 'malformed'>,
    private readonly logger: Logger,
    private readonly nowMs: () => number,
  ) {
    this.#failureLog = new FailureLog(logger, 'names poll', nowMs);
  }

  /** The names of the last successful poll; undefined until one succeeded. */
  get names(): Names | undefined {
    return this.#names;
  }

  /** Resolves true when the names changed; never rejects. */
  async poll(signal?: AbortSignal): Promise<boolean> {
    const started = this.nowMs();
    try {
      const names = await this.#fetch(signal);
      const fingerprint = JSON.stringify(names);
      const changed = fingerprint !== this.#fingerprint;
      this.#names = names;
      this.#fingerprint = fingerprint;
      this.progress.lastSuccess = Math.floor(started / 1000);
      delete this.progress.lastError;
      this.#finish(true, started);
      this.#failureLog.succeeded();
      this.logger.debug(
        { projects: names.projects.length, api_keys: names.apiKeys.length, users: names.users.length },
        'names poll succeeded',
      );
      return changed;
    } catch (error) {
      if (error instanceof MalformedPageError || error instanceof PaginationError) {
        this.reporter.malformed(NAMES_SUBJECT);
      }
      this.progress.lastError = describe(error);
      this.#finish(false, started);
      if (!signal?.aborted) this.#failureLog.failed(this.progress.lastError);
      return false;
    }
  }

  async #fetch(signal: AbortSignal | undefined): Promise<Names> {
    const projects = byId(await this.source.listProjects(signal));
    const users = byId(await this.source.listUsers(signal));
    const apiKeys: DirectoryApiKey[] = [];
    for (const project of projects) {
      try {
        for (const key of await this.source.listProjectApiKeys(project.id, signal)) apiKeys.push(key);
      } catch (error) {
        if (!skippable(error, project)) throw error;
        this.logger.debug(
          { project_id: project.id, err: describe(error) },
          'skipping the API keys of a project that cannot be listed',
        );
      }
    }
    return { projects, apiKeys: byId(apiKeys), users };
  }

  #finish(ok: boolean, startedMs: number): void {
    this.progress.attempted = true;
    const endedMs = this.nowMs();
    this.reporter.pollFinished(
      NAMES_SUBJECT,
      NAMES_WIDTH,
      ok,
      Math.max(0, endedMs - startedMs) / 1000,
      endedMs / 1000,
    );
  }
}

function skippable(error: unknown, project: DirectoryProject): boolean {
  if (!(error instanceof UpstreamHttpError)) return false;
  return error.status === 404 || (project.status === 'archived' && SKIPPABLE_FOR_ARCHIVED.has(error.status));
}

/** Duplicate ids would make duplicate series, which Prometheus refuses for the whole scrape. */
function byId<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const unique = new Map<string, T>();
  for (const item of items) if (!unique.has(item.id)) unique.set(item.id, item);
  return [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function describe(error: unknown): string {
  if (error instanceof UpstreamError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
