// Builds the running exporter from a validated configuration: the logger, the self-metrics, and
// for each organization its upstream clients, key, state keeper and Exporter, as one Fleet.

import type { Logger } from 'pino';
import { CATEGORY_IDS } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/index.js';
import { FleetExposition } from '../metrics/fleet-exposition.js';
import { SelfMetrics } from '../metrics/self-metrics.js';
import { keyFingerprint } from '../state/identity.js';
import { adoptRootState } from '../state/root-adoption.js';
import {
  assembleOrganization,
  type FleetShared,
  ORGANIZATION_LOOKUP_TIMEOUT_MS,
  type OrganizationUpstream,
  organizationUpstream,
} from './assemble-organization.js';
import { ALL_PARTS } from './exposition-parts.js';
import { Fleet } from './fleet.js';
import { createLogger } from './logger.js';
import { organizationSetups } from './organization-setups.js';
import type { StorageClaim } from './storage-claim.js';
import { REVISION, VERSION } from './version.js';

export interface Assembled {
  readonly fleet: Fleet;
  readonly logger: Logger;
  readonly nowMs: () => number;
}

/**
 * `secrets` is the log scrubber's list, shared with the caller's own error messages: every key of
 * every organization joins it before it is sent, also one rotated in later.
 */
export async function assembleExporter(
  config: ExporterConfig,
  storage: StorageClaim,
  secrets: string[],
): Promise<Assembled> {
  const logger = createLogger({ level: config.log.level, format: config.log.format, secrets });
  logger.info(
    {
      version: VERSION,
      revision: REVISION,
      node: process.version,
      upstream: config.openai.baseUrl,
      categories: CATEGORY_IDS.filter((id) => config.categories[id].enabled),
      demo: config.demo,
    },
    `starting openai-usage-exporter ${VERSION}`,
  );
  const metrics = new SelfMetrics({ version: VERSION, revision: REVISION });
  const nowMs = Date.now;
  const names = config.organizations.map((organization) => organization.name);
  const exposition = new FleetExposition(names, ALL_PARTS);
  const shared: FleetShared = { logger, metrics, exposition, secrets, nowMs };
  const setups = organizationSetups(config, storage.path, shared);
  const upstreams = setups.map((setup) => organizationUpstream(setup, shared));
  if (setups.some((setup) => setup.listed)) {
    await adoptRootState(storage.path, adopting(upstreams, setups, nowMs), logger);
  }
  if (storage.lockedOut !== undefined) {
    logger.warn(
      { path: storage.path },
      `--storage.path: ${storage.lockedOut}; this --once run reads the saved state, but its state is not saved`,
    );
  }
  // Side by side: an organization whose upstream is down must not hold the others' start-up back.
  const members = await Promise.all(
    setups.map((setup, index) =>
      assembleOrganization(setup, upstreams[index] as OrganizationUpstream, shared),
    ),
  );
  return { fleet: new Fleet(members, exposition), logger, nowMs };
}

/** The listed organizations as the adoption of a single-organization state sees them. */
function adopting(
  upstreams: readonly OrganizationUpstream[],
  setups: ReturnType<typeof organizationSetups>,
  nowMs: () => number,
) {
  return upstreams.flatMap((upstream, index) => {
    const setup = setups[index] as (typeof setups)[number];
    if (!setup.listed) return [];
    return {
      name: upstream.name,
      directory: setup.directory,
      keyFingerprint: keyFingerprint(setup.key.initial),
      organizationId: () =>
        upstream.clients.usage.organizationId(
          nowMs() / 1000,
          AbortSignal.timeout(ORGANIZATION_LOOKUP_TIMEOUT_MS),
        ),
    };
  });
}
