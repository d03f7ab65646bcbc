// Reads the organization's own limits (hard spend limits, spend alerts, rate limits) for the
// organization and every active project, on its own schedule. A poll is all or nothing: a failed
// one rejects, so the runner counts the failure, and the last good snapshot stays exported.

import type { LimitsSnapshot, ProjectLimits, RateLimit, SpendAlert, SpendLimit } from '../domain/limits.js';
import { LIMITS_SUBJECT } from '../openai/index.js';

/** What the poller reads; LimitsClient is one. Each call answers "none" for a limit that is not set. */
export interface LimitsSource {
  organizationSpendLimit(signal?: AbortSignal): Promise<SpendLimit | undefined>;
  organizationSpendAlerts(signal?: AbortSignal): Promise<readonly SpendAlert[]>;
  projectSpendLimit(projectId: string, signal?: AbortSignal): Promise<SpendLimit | undefined>;
  projectSpendAlerts(projectId: string, signal?: AbortSignal): Promise<readonly SpendAlert[]>;
  projectRateLimits(projectId: string, signal?: AbortSignal): Promise<readonly RateLimit[]>;
}

export class LimitsPoller {
  /** The self-metrics subject (`openai_exporter_poll_success{category="limits"}`). */
  readonly subject = LIMITS_SUBJECT;
  #snapshot: LimitsSnapshot | undefined;
  #fingerprint = '';

  /** `activeProjectIds` gives the ids of the active projects the names poller last listed. */
  constructor(
    private readonly source: LimitsSource,
    private readonly activeProjectIds: () => readonly string[],
  ) {}

  /** The limits of the last successful poll; undefined until one succeeded. */
  get snapshot(): LimitsSnapshot | undefined {
    return this.#snapshot;
  }

  /** Resolves true when the limits changed; rejects when the poll failed, keeping the last snapshot. */
  async poll(signal?: AbortSignal): Promise<boolean> {
    const snapshot = await this.#read(signal);
    const fingerprint = JSON.stringify(snapshot);
    const changed = fingerprint !== this.#fingerprint;
    this.#snapshot = snapshot;
    this.#fingerprint = fingerprint;
    return changed;
  }

  /** The poll as a scheduler task: `{subject: 'limits', run(signal)}`. */
  readonly run = (signal?: AbortSignal): Promise<boolean> => this.poll(signal);

  async #read(signal: AbortSignal | undefined): Promise<LimitsSnapshot> {
    const spendLimit = await this.source.organizationSpendLimit(signal);
    const spendAlerts = unique(await this.source.organizationSpendAlerts(signal), (a) => a.id);
    const projects: ProjectLimits[] = [];
    // One project at a time: the shared gate paces them, and a large organization does not
    // queue hundreds of requests ahead of the usage polls.
    for (const projectId of [...new Set(this.activeProjectIds())].sort()) {
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
