// The exporter process: configuration, upstream, state, polling, the web server, signals.

import { setTimeout as delay } from 'node:timers/promises';
import { CATEGORY_IDS } from '../catalog/categories.js';
import {
  ConfigError,
  type ExporterConfig,
  loadConfig,
  renderConfigFile,
  renderHelp,
} from '../config/index.js';
import { createApp } from '../http/app.js';
import { ListenError, listen } from '../http/server.js';
import {
  createProtectedServer,
  loadWebConfig,
  type WebConfig,
  WebConfigError,
} from '../http/web-config/index.js';
import { SelfMetrics } from '../metrics/self-metrics.js';
import { AdminDirectoryClient, RequestGate, type UpstreamObserver, UsageClient } from '../openai/index.js';
import { DayBoundaryTimer } from '../poller/day-boundary.js';
import { NamesSchedule } from '../poller/names-schedule.js';
import { Scheduler, type SchedulerClock } from '../poller/scheduler.js';
import { scrubSecrets } from '../secrets/redact.js';
import { keyFingerprint } from '../state/identity.js';
import { StateKeeper } from '../state/state-keeper.js';
import {
  acquireStorageLock,
  checkStoragePath,
  type StorageLock,
  StorageLockedError,
  StoragePathError,
} from '../state/storage-directory.js';
import { removeBoundAddress, writeBoundAddress } from './bound-address.js';
import { Exporter } from './exporter.js';
import { landingStatus, pendingPolls } from './landing-status.js';
import { createLogger } from './logger.js';
import { persistThenPublish } from './persist-then-publish.js';
import { storageDirectory } from './storage-path.js';
import { REVISION, VERSION, versionLine } from './version.js';

const EXIT_USAGE = 2;
const SHUTDOWN_DEADLINE_MS = 10_000;
const SELF_METRICS_REFRESH_MS = 10_000;

export const MISSING_KEY_MESSAGE = `openai-usage-exporter: no OpenAI admin key.
Set OPENAI_ADMIN_KEY (or OPENAI_ADMIN_KEY_FILE, a file holding it) to an admin key
created at https://platform.openai.com/settings/organization/admin-keys,
or run with --demo to try the exporter against its built-in simulator.
`;

/** A lookup of the organization must not hold start-up back for long when the upstream is down. */
const ORGANIZATION_LOOKUP_TIMEOUT_MS = 15_000;

function storageFailure(error: unknown): never {
  if (error instanceof StoragePathError) fail(`--storage.path: ${error.message}`);
  throw error;
}

function fail(message: string): never {
  process.stderr.write(`openai-usage-exporter: ${message}\n`);
  process.exit(EXIT_USAGE);
}

export async function runExporterCommand(argv: readonly string[]): Promise<void> {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(argv, process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (loaded.help) {
    process.stdout.write(renderHelp());
    return;
  }
  if (loaded.version) {
    process.stdout.write(`${versionLine()}\n`);
    return;
  }
  if (loaded.checkConfig) {
    await checkStoragePath(storageDirectory(loaded.config), { create: false }).catch(storageFailure);
    process.stdout.write(renderConfigFile(loaded.config));
    return;
  }
  let config = loaded.config;
  if (config.openai.adminKey === undefined && !config.demo) {
    process.stderr.write(MISSING_KEY_MESSAGE);
    process.exit(EXIT_USAGE);
  }
  let webConfig: WebConfig | undefined;
  try {
    webConfig = config.web.configFile === undefined ? undefined : loadWebConfig(config.web.configFile);
  } catch (error) {
    if (error instanceof WebConfigError) fail(`--web.config.file: ${error.message}`);
    throw error;
  }
  await run(config, loaded.once).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    fail(config.openai.adminKey === undefined ? message : scrubSecrets(message, [config.openai.adminKey]));
  });

  async function run(initial: ExporterConfig, once: boolean): Promise<void> {
    const cleanups: (() => Promise<void>)[] = [];
    // Before anything starts: a disk that cannot hold the state is a configuration error.
    const storagePath = storageDirectory(initial);
    await checkStoragePath(storagePath, { create: true }).catch(storageFailure);
    let lock: StorageLock | undefined;
    let lockedOut: string | undefined;
    try {
      lock = await acquireStorageLock(storagePath);
    } catch (error) {
      if (!(error instanceof StorageLockedError)) throw error;
      // --once only reads the saved state then; a long-running second exporter would race the first.
      if (!once) fail(`--storage.path: ${error.message}; stop it or give this one its own --storage.path`);
      lockedOut = error.message;
    }
    if (initial.demo) {
      const { startDemoUpstream } = await import('./demo.js');
      const demo = await startDemoUpstream();
      cleanups.push(demo.close);
      config = { ...initial, openai: { ...initial.openai, baseUrl: demo.baseUrl, adminKey: demo.adminKey } };
    }
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
    const metrics = new SelfMetrics({
      version: VERSION,
      revision: REVISION,
    });
    const observer = <S extends string>(): UpstreamObserver<S> => ({
      onResponse: (category, code) => metrics.upstreamResponse(category, code),
      onRetry: (category, reason) => metrics.upstreamRetry(category, reason),
      onRateLimited: (category) => metrics.upstreamRateLimited(category),
      onPause: (category, pauseMs) =>
        logger.warn(
          { category, pause_seconds: Math.ceil(pauseMs / 1000) },
          'upstream rate limit: Retry-After asked for a long pause; every category waits it out before its next request',
        ),
    });
    // One gate for usage and names alike: the rate ceiling and 429 pauses are per organization.
    const upstream = {
      baseUrl: config.openai.baseUrl,
      adminKey,
      timeoutMs: config.openai.timeoutMs,
      maxRetries: config.openai.maxRetries,
      gate: new RequestGate({ requestsPerSecond: config.openai.requestsPerSecond }),
      userAgent: `openai-usage-exporter/${VERSION}`,
    };
    const client = new UsageClient({ ...upstream, observer: observer() });
    const directory = new AdminDirectoryClient({ ...upstream, observer: observer() });
    const nowMs = Date.now;
    // The demo upstream listens on a random port, with a new key each time, but always simulates
    // the same organization.
    const upstreamIdentity = config.demo ? 'demo' : config.openai.baseUrl;
    const identity = {
      keyFingerprint: keyFingerprint(config.demo ? 'demo' : adminKey),
      organizationId: () =>
        client.organizationId(nowMs() / 1000, AbortSignal.timeout(ORGANIZATION_LOOKUP_TIMEOUT_MS)),
    };
    const state = new StateKeeper(storagePath, upstreamIdentity, metrics, logger, nowMs, identity);
    if (lockedOut !== undefined) {
      logger.warn(
        { path: storagePath },
        `--storage.path: ${lockedOut}; this --once run reads the saved state, but its state is not saved`,
      );
    }
    const restored = await state.load(config);
    const exporter = new Exporter({ config, source: client, directory, logger, nowMs, metrics, restored });

    if (once) {
      const ok = await exporter.pollAll();
      if (lock !== undefined) {
        await state.organizationLearned();
        await state.save(exporter.pollers);
      }
      lock?.release();
      // stdout to a pipe is asynchronous: exiting before the write drains would cut the output.
      await new Promise<void>((resolve) => process.stdout.write(exporter.cache.plain, () => resolve()));
      for (const cleanup of cleanups) await cleanup();
      process.exit(ok ? 0 : 1);
    }

    await exporter.renderAll();
    const app = createApp({
      telemetryPath: config.web.telemetryPath,
      exposition: exporter.cache,
      isReady: () => exporter.ready,
      pending: () => pendingPolls(exporter),
      landing: () => landingStatus(exporter, nowMs(), config.demo),
    });
    const server = await listen(app, config.web.listenAddress, createProtectedServer(app, webConfig)).catch(
      (error: unknown) => {
        if (error instanceof ListenError) throw new ListenError(`--web.listen-address: ${error.message}`);
        throw error;
      },
    );
    // The configured root, not a per-upstream subdirectory: the health probe knows only the root.
    const storageRoot = initial.storage.path;
    await writeBoundAddress(storageRoot, server.url).catch((error: unknown) =>
      logger.warn({ err: String(error) }, 'cannot record the listen address for the health probe'),
    );
    logger.info(
      {
        address: server.url,
        telemetry_path: config.web.telemetryPath,
        upstream: config.openai.baseUrl,
        demo: config.demo,
      },
      'serving metrics',
    );
    const clock: SchedulerClock = {
      now: nowMs,
      sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
    };
    const afterPoll = persistThenPublish(exporter, state);
    const scheduler = new Scheduler(exporter.pollers, {
      intervalMs: {
        '1m': config.poll.intervalMs,
        '1h': config.poll.hourlyIntervalMs,
        '1d': config.costs.intervalMs,
      },
      concurrency: config.poll.concurrency,
      jitter: config.poll.jitter,
      clock,
      onPolled: (poller, _width, changed) => afterPoll(poller, changed),
    });
    scheduler.start();
    const names =
      exporter.names === undefined
        ? undefined
        : new NamesSchedule(exporter.names, {
            intervalMs: config.names.intervalMs,
            jitter: config.poll.jitter,
            clock,
            onPolled: (changed) => exporter.afterNamesPoll(changed),
          });
    names?.start();
    // Today's and this month's spend roll over at UTC midnight, not at the next costs poll.
    const midnight = new DayBoundaryTimer(clock, () => exporter.rollOver());
    midnight.start();
    const refresher = setInterval(() => void exporter.refreshSelfMetrics(), SELF_METRICS_REFRESH_MS);
    refresher.unref();

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      clearInterval(refresher);
      await scheduler.stop();
      await names?.stop();
      await midnight.stop();
      await state.save(exporter.pollers);
      lock?.release();
      await server.close();
      await removeBoundAddress(storageRoot).catch(() => undefined);
      for (const cleanup of cleanups) await cleanup();
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  }
}
