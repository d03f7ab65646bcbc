// Lists projects, users and every project's API keys, so ids can be shown with their names.
// Like a category, it fails alone: a failed poll keeps the names of the last good one, and
// usage polling never waits on it. A poll is all or nothing, so the names never mix two listings.

import type { Logger } from 'pino';
import {
  type DirectoryApiKey,
  type DirectoryProject,
  type DirectoryUser,
  NAMES_SUBJECT,
  UpstreamHttpError,
} from '../openai/index.js';
import { describeFailure, type PollOutcomeReporter, type PollResult, type TierProgress } from './run-poll.js';
import { SnapshotPoll } from './snapshot-poll.js';

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
  readonly #poll: SnapshotPoll<Names>;

  constructor(
    private readonly source: DirectorySource,
    reporter: PollOutcomeReporter,
    private readonly logger: Logger,
    nowMs: () => number,
  ) {
    this.#poll = new SnapshotPoll(
      {
        subject: NAMES_SUBJECT,
        width: NAMES_WIDTH,
        reporter,
        logger,
        nowMs,
        what: 'names poll',
        succeeded: 'names poll succeeded',
      },
      {
        read: (signal) => this.#fetch(signal),
        summarize: (names) => ({
          projects: names.projects.length,
          api_keys: names.apiKeys.length,
          users: names.users.length,
        }),
      },
    );
  }

  get progress(): TierProgress {
    return this.#poll.progress;
  }

  /** The names of the last successful poll; undefined until one succeeded. */
  get names(): Names | undefined {
    return this.#poll.snapshot;
  }

  /** Resolves true when the names changed; never rejects. */
  async poll(signal?: AbortSignal): Promise<boolean> {
    return (await this.execute(signal)).changed;
  }

  /** One poll, with how it ended; never rejects. */
  execute(signal?: AbortSignal): Promise<PollResult> {
    return this.#poll.execute(signal);
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
          { project_id: project.id, err: describeFailure(error) },
          'skipping the API keys of a project that cannot be listed',
        );
      }
    }
    return { projects, apiKeys: byId(apiKeys), users };
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
