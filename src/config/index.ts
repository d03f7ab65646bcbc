export { REDACTED } from '../secrets/redact.js';
export type { BudgetConfig, CategoryConfig, ExporterConfig, LogFormat, LogLevel } from './config.js';
export { ConfigError } from './config-error.js';
export { formatDuration, InvalidDurationError, parseDuration } from './duration.js';
export { type LoadedConfig, loadConfig } from './load-config.js';
export { renderConfigFile } from './render-config-file.js';
export { renderHelp, renderOptionsMarkdown } from './render-help.js';
