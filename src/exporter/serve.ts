import type { ExporterConfig } from '../config/index.js';
import { createApp } from '../http/app.js';
import { ListenError, listen, type RunningServer } from '../http/server.js';
import { createProtectedServer, type WebConfig } from '../http/web-config/index.js';
import type { Fleet } from './fleet.js';

/** Serves the exposition, readiness and the landing page on the configured address. */
export async function serveMetrics(
  fleet: Fleet,
  config: ExporterConfig,
  webConfig: WebConfig | undefined,
  nowMs: () => number,
): Promise<RunningServer> {
  const app = createApp({
    telemetryPath: config.web.telemetryPath,
    exposition: fleet.cache,
    isReady: () => fleet.ready,
    pending: () => fleet.pending(),
    landing: () => fleet.landing(nowMs(), config.demo),
  });
  return listen(app, config.web.listenAddress, createProtectedServer(app, webConfig)).catch(
    (error: unknown) => {
      if (error instanceof ListenError) throw new ListenError(`--web.listen-address: ${error.message}`);
      throw error;
    },
  );
}
