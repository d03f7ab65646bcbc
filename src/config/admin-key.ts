// The admin key comes only from the environment or a mounted secret file, never from a flag
// (visible in `ps`) or the config file (often committed). No message here ever includes it.

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

/** `undefined` when neither variable is set: only the caller knows whether a key is needed. */
export function resolveAdminKey(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
): string | undefined {
  const direct = env[KEY.env];
  const file = env[KEY_FILE.env];
  if (direct !== undefined && file !== undefined) {
    throw new ConfigError(`${KEY.env}, ${KEY_FILE.env}`, `set only one of ${KEY.env} and ${KEY_FILE.env}`);
  }
  if (direct !== undefined) return checked(direct.trim(), KEY.env);
  if (file === undefined) return undefined;
  if (file.trim() === '') throw new ConfigError(KEY_FILE.env, 'is empty; expected the path of a file');
  let contents: string;
  try {
    contents = readFile(file);
  } catch (error) {
    // Only the error code: a message could in principle carry file contents.
    const code = readErrorCode(error);
    const reason = code === undefined ? '' : ` (${code})`;
    throw new ConfigError(KEY_FILE.env, `cannot read ${JSON.stringify(file)}${reason}`);
  }
  return checked(contents.trim(), KEY_FILE.env, `the admin key in ${JSON.stringify(file)}`);
}
