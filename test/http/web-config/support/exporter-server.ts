// The real exporter web app (createApp) behind createProtectedServer, on 127.0.0.1 and a free port.

import { writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createApp } from '../../../../src/http/app.js';
import { listen, type RunningServer } from '../../../../src/http/server.js';
import {
  createProtectedServer,
  loadWebConfig,
  type ProtectionOptions,
  type WebConfig,
} from '../../../../src/http/web-config/index.js';

export const EXPOSITION = 'x 1\n';

/** Every route the app serves, plus one it does not: all must be behind the same protection. */
export const ENDPOINTS = ['/', '/metrics', '/-/healthy', '/-/ready', '/no-such-page'] as const;

export interface StartedExporter extends RunningServer {
  /** The Node server itself, for tests that watch its events. */
  readonly server: HttpServer | HttpsServer;
}

export async function startExporter(
  config: WebConfig | undefined,
  options: ProtectionOptions = {},
): Promise<StartedExporter> {
  const app = createApp({
    telemetryPath: '/metrics',
    exposition: { plainBody: async () => Buffer.from(EXPOSITION), gzip: gzipSync(EXPOSITION) },
    isReady: () => true,
    landing: () => ({ version: 'test', nowSeconds: 0, categories: [] }),
  });
  const server = createProtectedServer(app, config, options);
  return { ...(await listen(app, '127.0.0.1:0', server)), server };
}

/** Writes `yaml` as a web config file in `dir` and loads it, as the exporter does at startup. */
export function loadYaml(dir: string, yaml: string, name = 'web-config.yml'): WebConfig {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return loadWebConfig(file);
}
