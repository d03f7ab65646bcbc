// Builds one organization of the fleet: its logger child, its key (fixed, or a file that may be
// rotated) behind its KeyGuard, its own upstream clients and request gate (its own rate limit and
// 429 pause), its state keeper in its own directory with the restored ledgers, and its Exporter.

import type { Logger } from 'pino';
import type { ExporterConfig } from '../config/index.js';
import type { FleetExposition } from '../metrics/fleet-exposition.js';
import type { SelfMetrics } from '../metrics/self-metrics.js';
import type { ClientOptions } from '../openai/index.js';
import type { KeySource } from '../secrets/rotating-key.js';
import { keyFingerprint } from '../state/identity.js';
import { StateKeeper } from '../state/state-keeper.js';
import { Exporter } from './exporter.js';
import { KeyGuard } from './key-guard.js';
import { type UpstreamClients, upstreamClients } from './upstream-clients.js';

/** A lookup of the organization must not hold start-up back for long when the upstream is down. */
export const ORGANIZATION_LOOKUP_TIMEOUT_MS = 15_000;

export interface OrganizationSetup {
  /** The `organization` label value. */
  readonly name: string;
  /** The configuration this organization runs with (its base URL, categories, budget). */
  readonly config: ExporterConfig;
  /** Its own state directory. */
  readonly directory: string;
  /** From the `organizations:` list: its directory is <storage.path>/<name>/. */
  readonly listed: boolean;
  readonly key: KeySource;
}

export interface FleetShared {
  readonly logger: Logger;
  readonly metrics: SelfMetrics;
  /** Where every organization renders its parts; /metrics serves its cache. */
  readonly exposition: FleetExposition;
  /** The log scrubber's secrets: every key of every organization joins them before it is sent. */
  readonly secrets: string[];
  readonly nowMs: () => number;
  /** Tests play time on a virtual clock: the clients' backoffs, 429 pauses and gate clock. */
  readonly timing?: Pick<ClientOptions<string>, 'sleep' | 'now'>;
}

export interface FleetMember {
  readonly name: string;
  readonly exporter: Exporter;
  readonly state: StateKeeper;
  readonly guard: KeyGuard;
  readonly logger: Logger;
}

/** The parts of an organization that exist before its state is loaded: enough to ask its upstream. */
export interface OrganizationUpstream {
  readonly name: string;
  readonly logger: Logger;
  readonly clients: UpstreamClients;
  readonly guard: KeyGuard;
  readonly state: StateKeeper;
}

/** The organization's clients, key guard and state keeper, before anything is loaded. */
export function organizationUpstream(setup: OrganizationSetup, shared: FleetShared): OrganizationUpstream {
  const { config, name } = setup;
  const logger = shared.logger.child({ organization: name });
  const { nowMs } = shared;
  const metrics = shared.metrics.organization(name);
  metrics.declareKey();
  // The guard needs the state keeper's record, the state keeper the clients, the clients the
  // guard: the clients reach the guard only when they send, by then it exists.
  let guard: KeyGuard | undefined;
  const clients = upstreamClients(
    config,
    {
      adminKey: () => guard?.key ?? setup.key.initial,
      admit: (subject, signal) => guard?.admit(subject, signal) ?? Promise.resolve(),
      usedKeys: shared.secrets,
    },
    metrics,
    logger,
    shared.timing,
  );
  const lookup = () => AbortSignal.timeout(ORGANIZATION_LOOKUP_TIMEOUT_MS);
  // The demo upstream listens on a random port, with a new key each time, but always simulates
  // the same organization.
  const identity = {
    keyFingerprint: keyFingerprint(config.demo ? 'demo' : setup.key.initial),
    organizationId: () => clients.usage.organizationId(nowMs() / 1000, lookup()),
  };
  const upstreamIdentity = config.demo ? 'demo' : config.openai.baseUrl;
  // A listed organization's name stands for one organization: a key of another is refused, where
  // the single organization of old starts afresh (its operator moved it to another organization).
  const refuse = (saved: string, answered: string): boolean => {
    guard?.refuseInitial(saved, answered);
    return guard !== undefined;
  };
  const state = new StateKeeper(
    setup.directory,
    upstreamIdentity,
    metrics,
    logger,
    nowMs,
    identity,
    undefined,
    setup.listed ? refuse : undefined,
  );
  guard = new KeyGuard({
    organization: name,
    source: setup.key,
    verify: (key, signal) => clients.verifier(key).organizationId(nowMs() / 1000, signal ?? lookup()),
    record: state.identityRecord,
    reporter: metrics,
    logger,
  });
  return { name, logger, clients, guard, state };
}

/** Loads the organization's saved state and builds its Exporter on it. */
export async function assembleOrganization(
  setup: OrganizationSetup,
  upstream: OrganizationUpstream,
  shared: FleetShared,
): Promise<FleetMember> {
  const { config } = setup;
  const { logger, clients, state, guard, name } = upstream;
  const restored = await state.load(config);
  const exporter = new Exporter({
    config,
    source: clients.usage,
    directory: clients.directory,
    limits: clients.limits,
    logger,
    nowMs: shared.nowMs,
    organization: name,
    metrics: shared.metrics.organization(name),
    parts: shared.exposition.partsFor(name),
    restored,
    savedEstimate: state.estimateSection,
  });
  const estimate = exporter.estimate;
  if (estimate !== undefined) state.keepEstimate(() => estimate.saved());
  return { name, exporter, state, guard, logger };
}
