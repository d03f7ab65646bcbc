// The exporter process: configuration, then listening, then signals. What runs in between is
// built by assemble.ts and run by the Exporter's start() and stop().

import {
  ConfigError,
  type ExporterConfig,
  loadConfig,
  renderConfigFile,
  renderHelp,
} from '../config/index.js';
import { loadWebConfig, type WebConfig, WebConfigError } from '../http/web-config/index.js';
import { systemClock } from '../poller/system-clock.js';
import { scrubSecrets } from '../secrets/redact.js';
import { checkStoragePath } from '../state/storage-directory.js';
import { assembleExporter } from './assemble.js';
import { removeBoundAddress, writeBoundAddress } from './bound-address.js';
import { runOnce } from './run-once.js';
import { serveMetrics } from './serve.js';
import { StartupError } from './startup-error.js';
import { asStartupError, claimStorage } from './storage-claim.js';
import { storageDirectory } from './storage-path.js';
import { versionLine } from './version.js';

const EXIT_USAGE = 2;
const SHUTDOWN_DEADLINE_MS = 10_000;

export const MISSING_KEY_MESSAGE = `openai-usage-exporter: no OpenAI admin key.
Set OPENAI_ADMIN_KEY (or OPENAI_ADMIN_KEY_FILE, a file holding it) to an admin key
created at https://platform.openai.com/settings/organization/admin-keys,
or run with --demo to try the exporter against its built-in simulator.
`;

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
    await checkStoragePath(storageDirectory(loaded.config), { create: false })
      .catch(asStartupError)
      .catch((error: unknown) => {
        if (error instanceof StartupError) fail(error.message);
        throw error;
      });
    process.stdout.write(renderConfigFile(loaded.config));
    return;
  }
  const config = loaded.config;
  if (config.organizations.some((organization) => organization.adminKey === undefined) && !config.demo) {
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
  // The demo's key joins them once it is known.
  const secrets = config.openai.adminKey === undefined ? [] : [config.openai.adminKey];
  await run(config, webConfig, loaded.once, secrets).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    fail(secrets.length === 0 ? message : scrubSecrets(message, secrets));
  });
}

async function run(
  initial: ExporterConfig,
  webConfig: WebConfig | undefined,
  once: boolean,
  secrets: string[],
): Promise<void> {
  const cleanups: (() => Promise<void>)[] = [];
  const storage = await claimStorage(initial, once);
  let config = initial;
  if (initial.demo) {
    const { startDemoUpstream } = await import('./demo.js');
    const demo = await startDemoUpstream();
    cleanups.push(demo.close);
    secrets.push(demo.adminKey);
    // The demo's organization polls the demo upstream with its key, never a real one from the environment.
    const organizations = initial.organizations.map((organization) => ({
      ...organization,
      baseUrl: demo.baseUrl,
      adminKey: undefined,
    }));
    config = {
      ...initial,
      openai: { ...initial.openai, baseUrl: demo.baseUrl, adminKey: demo.adminKey },
      organizations,
    };
  }
  const { fleet, logger, nowMs } = await assembleExporter(config, storage, secrets);

  if (once) {
    const ok = await runOnce(fleet, storage.lock);
    for (const cleanup of cleanups) await cleanup();
    process.exit(ok ? 0 : 1);
  }

  await fleet.renderAll();
  const server = await serveMetrics(fleet, config, webConfig, nowMs);
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
  fleet.start({ clock: systemClock });

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
    await fleet.stop();
    storage.lock?.release();
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
