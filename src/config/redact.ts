import type { ExporterConfig } from './config.js';

export const REDACTED = '<redacted>';

/** The config as plain data with the admin key masked, for `--check-config` and startup logs. */
export function redactConfig(config: ExporterConfig): unknown {
  const { adminKey, ...openai } = config.openai;
  const masked = adminKey === undefined ? openai : { ...openai, adminKey: REDACTED };
  // A deep copy, so whoever prints or mutates the result cannot reach back into the live config.
  return structuredClone({ ...config, openai: masked });
}
