// Builds the running exporter from a validated configuration: the logger, the self-metrics, the
// upstream clients, the state keeper with the restored ledgers, and the Exporter itself.

import type { Logger } from 'pino';
import { CATEGORY_IDS } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/index.js';
import { SelfMetrics } from '../metrics/self-metrics.js';
import { keyFingerprint } from '../state/identity.js';
import { StateKeeper } from '../state/state-keeper.js';
import { Exporter } from './exporter.js';
import { createLogger } from './logger.js';
import type { StorageClaim } from './storage-claim.js';
import { upstreamClients } from './upstream-clients.js';
import { REVISION, VERSION } from './version.js';

/** A lookup of the organization must not hold start-up back for long when the upstream is down. */
const ORGANIZATION_LOOKUP_TIMEOUT_MS = 15_000;

export interface Assembled {
  readonly exporter: Exporter;
  readonly state: StateKeeper;
  readonly logger: Logger;
  readonly nowMs: () => number;
}

export async function assembleExporter(config: ExporterConfig, storage: StorageClaim): Promise<Assembled> {
  const adminKey = config.openai.adminKey as string;
  const logger = createLogger({ level: config.log.level, format: config.log.format, secrets: [adminKey] });
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
  const { usage, directory, limits } = upstreamClients(config, adminKey, metrics, logger);
  const nowMs = Date.now;
  // The demo upstream listens on a random port, with a new key each time, but always simulates
  // the same organization.
  const upstreamIdentity = config.demo ? 'demo' : config.openai.baseUrl;
  const identity = {
    keyFingerprint: keyFingerprint(config.demo ? 'demo' : adminKey),
    organizationId: () =>
      usage.organizationId(nowMs() / 1000, AbortSignal.timeout(ORGANIZATION_LOOKUP_TIMEOUT_MS)),
  };
  const state = new StateKeeper(storage.path, upstreamIdentity, metrics, logger, nowMs, identity);
  if (storage.lockedOut !== undefined) {
    logger.warn(
      { path: storage.path },
      `--storage.path: ${storage.lockedOut}; this --once run reads the saved state, but its state is not saved`,
    );
  }
  const restored = await state.load(config);
  const exporter = new Exporter({
    config,
    source: usage,
    directory,
    limits,
    logger,
    nowMs,
    metrics,
    restored,
    savedEstimate: state.estimateSection,
  });
  const estimate = exporter.estimate;
  if (estimate !== undefined) state.keepEstimate(() => estimate.saved());
  return { exporter, state, logger, nowMs };
}
