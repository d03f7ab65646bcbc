// Reads the organization's own limits (hard spend limits, spend alerts, rate limits) for the
// organization and every active project, on its own schedule. A poll is all or nothing, run by
// runPoll: a failed one is counted and logged under the subject `limits`, and the last good
// snapshot stays exported.

import type { Logger } from 'pino';
import type { LimitsSnapshot, ProjectLimits, RateLimit, SpendAlert, SpendLimit } from '../domain/limits.js';
import { LIMITS_SUBJECT } from '../openai/index.js';
import type { PollOutcomeReporter, PollResult, TierProgress } from './run-poll.js';
import { SnapshotPoll } from './snapshot-poll.js';

/** What the poller reads; LimitsClient is one. Each call answers "none" for a limit that is not set. */
export interface LimitsSource {
  organizationSpendLimit(signal?: AbortSignal): Promise<SpendLimit | undefined>;
  organizationSpendAlerts(signal?: AbortSignal): Promise<readonly SpendAlert[]>;
  projectSpendLimit(projectId: string, signal?: AbortSignal): Promise<SpendLimit | undefined>;
  projectSpendAlerts(projectId: string, signal?: AbortSignal): Promise<readonly SpendAlert[]>;
  projectRateLimits(projectId: string, signal?: AbortSignal): Promise<readonly RateLimit[]>;
}

/** The limits have no bucket width; self-metrics give them no bucket_width label. */
export const LIMITS_WIDTH = '';

/** Where the poller's outcomes go: the self-metrics, the log and the clock that times them. */
export interface LimitsReporting {
  readonly reporter: PollOutcomeReporter;
  readonly logger: Logger;
  readonly nowMs: () => number;
}

/** The ids of the projects whose limits are read; may wait (e.g. for the first names poll). */
export type ActiveProjectIds = (signal?: AbortSignal) => readonly string[] | Promise<readonly string[]>;

export class LimitsPoller {
  /** The self-metrics subject (`openai_exporter_poll_success{category="limits"}`). */
  readonly subject = LIMITS_SUBJECT;
  readonly #poll: SnapshotPoll<LimitsSnapshot>;

  /** `activeProjectIds` gives the ids of the active projects the names poller last listed. */
  constructor(
    private readonly source: LimitsSource,
    private readonly activeProjectIds: ActiveProjectIds,
    reporting: LimitsReporting,
  ) {
    this.#poll = new SnapshotPoll(
      {
        subject: LIMITS_SUBJECT,
        width: LIMITS_WIDTH,
        ...reporting,
        what: 'limits poll',
        succeeded: 'limits poll succeeded',
      },
      {
        read: (signal) => this.#read(signal),
        summarize: (snapshot) => ({ projects: snapshot.projects.length }),
      },
    );
  }

  get progress(): TierProgress {
    return this.#poll.progress;
  }

  /** The limits of the last successful poll; undefined until one succeeded. */
  get snapshot(): LimitsSnapshot | undefined {
    return this.#poll.snapshot;
  }

  /** Resolves true when the limits changed; never rejects (a failure keeps the last snapshot). */
  async poll(signal?: AbortSignal): Promise<boolean> {
    return (await this.execute(signal)).changed;
  }

  /** One poll, with how it ended; never rejects. */
  execute(signal?: AbortSignal): Promise<PollResult> {
    return this.#poll.execute(signal);
  }

  async #read(signal: AbortSignal | undefined): Promise<LimitsSnapshot> {
    const ids = [...new Set(await this.activeProjectIds(signal))].sort();
    const spendLimit = await this.source.organizationSpendLimit(signal);
    const spendAlerts = unique(await this.source.organizationSpendAlerts(signal), (a) => a.id);
    const projects: ProjectLimits[] = [];
    // One project at a time: the shared gate paces them, and a large organization does not
    // queue hundreds of requests ahead of the usage polls.
    for (const projectId of ids) {
      projects.push({
        projectId,
        spendLimit: await this.source.projectSpendLimit(projectId, signal),
        spendAlerts: unique(await this.source.projectSpendAlerts(projectId, signal), (a) => a.id),
        rateLimits: unique(await this.source.projectRateLimits(projectId, signal), (r) => r.model),
      });
    }
    return { spendLimit, spendAlerts, projects };
  }
}

/** Sorted by key, the first of each key kept: a duplicate series would fail the whole scrape. */
function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}
