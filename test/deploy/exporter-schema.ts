// What the deployment files may say to the exporter: its variables, defaults and endpoints, taken
// from the code rather than restated, so a renamed option or path fails these tests.

import { type ExporterConfig, loadConfig } from '../../src/config/index.js';
import { ADMIN_KEY_VARIABLES, ALL_OPTIONS } from '../../src/config/option-list.js';
import { OPTIONS } from '../../src/config/options.js';
import { createApp } from '../../src/http/app.js';
import { listen, splitListenAddress } from '../../src/http/server.js';

export const EXPORTER_VARIABLES: ReadonlySet<string> = new Set([
  ...ALL_OPTIONS.map((option) => option.env),
  ADMIN_KEY_VARIABLES.key.env,
  ADMIN_KEY_VARIABLES.file.env,
]);

function defaultOf(option: { readonly flag: string; readonly default?: string }): string {
  if (option.default === undefined) throw new Error(`--${option.flag} has no default`);
  return option.default;
}

export const DEFAULT_PORT = splitListenAddress(defaultOf(OPTIONS.listenAddress)).port;
export const DEFAULT_TELEMETRY_PATH = defaultOf(OPTIONS.telemetryPath);

/** The configuration the exporter builds from these variables and arguments (throws what it would print). */
export function configFrom(
  env: Readonly<Record<string, string>>,
  argv: readonly string[] = [],
  files: Readonly<Record<string, string>> = {},
): ExporterConfig {
  return loadConfig(argv, env, (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`no file ${path}`), { code: 'ENOENT' });
    return text;
  }).config;
}

/** The HTTP status the exporter's app answers for each path, once ready. */
export async function statusesOf(paths: readonly string[]): Promise<Record<string, number>> {
  const app = createApp({
    telemetryPath: DEFAULT_TELEMETRY_PATH,
    exposition: { plainBody: async () => Buffer.from(''), gzip: Buffer.from('') },
    isReady: () => true,
    landing: () => ({ version: 'test', nowSeconds: 0, categories: [] }),
  });
  const server = await listen(app, '127.0.0.1:0');
  try {
    const statuses: Record<string, number> = {};
    for (const path of paths) statuses[path] = (await fetch(`${server.url}${path}`)).status;
    return statuses;
  } finally {
    await server.close();
  }
}
