import type { ExporterConfig } from '../config/index.js';
import { createApp } from '../http/app.js';
import { ListenError, listen, type RunningServer } from '../http/server.js';
import { createProtectedServer, type WebConfig } from '../http/web-config/index.js';
import type { Exporter } from './exporter.js';
import { landingStatus, pendingPolls } from './landing-status.js';

/** Serves the exposition, readiness and the landing page on the configured address. */
export async function serveMetrics(
  exporter: Exporter,
  config: ExporterConfig,
  webConfig: WebConfig | undefined,
  nowMs: () => number,
): Promise<RunningServer> {
  const app = createApp({
    telemetryPath: config.web.telemetryPath,
    exposition: exporter.cache,
    isReady: () => exporter.ready,
    pending: () => pendingPolls(exporter),
    landing: () => landingStatus(exporter, nowMs(), config.demo),
  });
  return listen(app, config.web.listenAddress, createProtectedServer(app, webConfig)).catch(
    (error: unknown) => {
      if (error instanceof ListenError) throw new ListenError(`--web.listen-address: ${error.message}`);
      throw error;
    },
  );
}
