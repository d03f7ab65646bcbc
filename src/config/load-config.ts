import { readFileSync } from 'node:fs';
import { resolveAdminKey } from './admin-key.js';
import { parseArgv } from './argv.js';
import { buildConfig } from './build-config.js';
import type { ExporterConfig } from './config.js';
import { ConfigError } from './config-error.js';
import { type FileSettings, parseConfigFile } from './config-file.js';
import { refuseKeyShaped } from './key-shaped.js';
import { ALL_OPTIONS } from './option-list.js';
import { OptionSources } from './option-sources.js';
import type { OptionSpec } from './option-spec.js';
import { OPTIONS } from './options.js';
import { readErrorCode } from './yaml-value.js';

export interface LoadedConfig {
  readonly config: ExporterConfig;
  readonly checkConfig: boolean;
  readonly once: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** Every flag and variable, not only the ones precedence picks: an overridden key is still a leak. */
function refuseKeyShapedValues(
  flags: ReadonlyMap<OptionSpec<unknown>, string>,
  env: NodeJS.ProcessEnv,
): void {
  for (const [spec, text] of flags) refuseKeyShaped(text, `--${spec.flag}`);
  for (const spec of ALL_OPTIONS) refuseKeyShaped(env[spec.env], spec.env);
}

const readUtf8 = (path: string): string => readFileSync(path, 'utf8');

function readConfigFile(flags: OptionSources, readFile: (path: string) => string): FileSettings | undefined {
  const location = flags.resolve(OPTIONS.configFile);
  if (location === undefined) return undefined;
  let text: string;
  try {
    text = readFile(location.value);
  } catch (error) {
    const code = readErrorCode(error);
    const reason = code === undefined ? '' : ` (${code})`;
    throw new ConfigError(location.at, `cannot read ${JSON.stringify(location.value)}${reason}`);
  }
  return parseConfigFile(text, location.value);
}

/**
 * Merges flags, environment, the optional config file and defaults (in that precedence) into the
 * effective configuration. `readFile` is injectable so tests need no files on disk.
 */
export function loadConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string = readUtf8,
): LoadedConfig {
  const { values, actions } = parseArgv(argv);
  const help = actions.has('help');
  const version = actions.has('version');
  const flags = { checkConfig: actions.has('checkConfig'), once: actions.has('once'), help, version };
  if (help || version) {
    // A broken environment must not stand between the user and the help text.
    const none = { env: {}, readFile };
    return { config: buildConfig(new OptionSources(new Map(), {}), undefined, undefined, none), ...flags };
  }
  refuseKeyShapedValues(values, env);
  const file = readConfigFile(new OptionSources(values, env), readFile);
  // With a list, each entry's key is read by buildConfig; OPENAI_ADMIN_KEY then is an error there.
  const adminKey = file?.organizations === undefined ? resolveAdminKey(env, readFile) : undefined;
  const sources = new OptionSources(values, env, file);
  return { config: buildConfig(sources, file, adminKey, { env, readFile }), ...flags };
}
