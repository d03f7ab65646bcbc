// The admin key comes only from the environment or a mounted secret file, never from a flag
// (visible in `ps`) or the config file (often committed). No message here ever includes it.

import type { AdminKeySource } from './config.js';
import { ConfigError } from './config-error.js';
import { ADMIN_KEY_VARIABLES } from './option-list.js';
import { readErrorCode } from './yaml-value.js';

const { key: KEY, file: KEY_FILE } = ADMIN_KEY_VARIABLES;

const ADMIN_KEYS_PAGE = 'https://platform.openai.com/settings/organization/admin-keys';

/** What a key that is not an admin key most likely is, judged by its prefix alone. */
function kindOf(key: string): string {
  if (key.startsWith('sk-proj-')) return 'a project key (sk-proj-...)';
  if (key.startsWith('sk-svcacct-')) return 'a service account key (sk-svcacct-...)';
  return 'not an admin key';
}

function checked(key: string, variable: string, where = 'the admin key'): string {
  if (key === '') throw new ConfigError(variable, `${where} is empty`);
  if (/\s/.test(key)) throw new ConfigError(variable, `${where} contains whitespace; check how it was set`);
  // Any other key would start fine and then fail every poll with 401 or 403; say so at once.
  if (!key.startsWith('sk-admin-')) {
    throw new ConfigError(
      variable,
      `${where} is ${kindOf(key)}. The Usage and Costs API accepts only organization admin keys, ` +
        `which start with sk-admin- and are created by an organization owner at ${ADMIN_KEYS_PAGE}`,
    );
  }
  return key;
}

/** The source OPENAI_ADMIN_KEY / OPENAI_ADMIN_KEY_FILE name; `undefined` when neither is set. */
export function implicitAdminKeySource(env: NodeJS.ProcessEnv): AdminKeySource | undefined {
  const direct = env[KEY.env];
  const file = env[KEY_FILE.env];
  if (direct !== undefined && file !== undefined) {
    throw new ConfigError(`${KEY.env}, ${KEY_FILE.env}`, `set only one of ${KEY.env} and ${KEY_FILE.env}`);
  }
  if (direct !== undefined) return { kind: 'env', variable: KEY.env };
  if (file === undefined) return undefined;
  if (file.trim() === '') throw new ConfigError(KEY_FILE.env, 'is empty; expected the path of a file');
  return { kind: 'file', path: file };
}

/**
 * Reads and checks the key `source` names, at load and again whenever a key file changes. Errors
 * name `option` (by default the variable, or OPENAI_ADMIN_KEY_FILE; an entry passes
 * `organizations[1] (globex)`) and the file's path, and of a failed read only the error code.
 */
export function readAdminKey(
  source: AdminKeySource,
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
  option = source.kind === 'env' ? source.variable : KEY_FILE.env,
): string {
  if (source.kind === 'env') {
    const value = env[source.variable];
    const where = source.variable === KEY.env ? 'the admin key' : `the admin key in ${source.variable}`;
    if (value === undefined) throw new ConfigError(option, `${source.variable} is not set`);
    return checked(value.trim(), option, where);
  }
  let contents: string;
  try {
    contents = readFile(source.path);
  } catch (error) {
    // Only the error code: a message could in principle carry file contents.
    const code = readErrorCode(error);
    const reason = code === undefined ? '' : ` (${code})`;
    throw new ConfigError(option, `cannot read ${JSON.stringify(source.path)}${reason}`);
  }
  return checked(contents.trim(), option, `the admin key in ${JSON.stringify(source.path)}`);
}

/** `undefined` when neither variable is set: only the caller knows whether a key is needed. */
export function resolveAdminKey(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
): string | undefined {
  const source = implicitAdminKeySource(env);
  return source === undefined ? undefined : readAdminKey(source, env, readFile);
}
