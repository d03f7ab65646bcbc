export { REDACTED } from '../secrets/redact.js';
export { readAdminKey } from './admin-key.js';
export type {
  AdminKeySource,
  BudgetConfig,
  CategoryConfig,
  ExporterConfig,
  LogFormat,
  LogLevel,
  OrganizationConfig,
} from './config.js';
export { ConfigError } from './config-error.js';
export { formatDuration, InvalidDurationError, parseDuration } from './duration.js';
export { type LoadedConfig, loadConfig } from './load-config.js';
export { configFor } from './organization-config.js';
export { renderConfigFile } from './render-config-file.js';
export { renderHelp, renderOptionsMarkdown } from './render-help.js';
