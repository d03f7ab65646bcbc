import { CATEGORY_IDS } from '../catalog/categories.js';
import { GROUP_BY_OPTIONS } from './group-by-options.js';
import type { OptionSpec } from './option-spec.js';
import { OPTIONS } from './options.js';

/** Flags that ask for an action rather than set a value; they have no variable and no file key. */
export const ACTION_FLAGS = {
  checkConfig: {
    flag: 'check-config',
    description: 'Validate the configuration, print it as a YAML config file (key redacted) and exit.',
  },
  once: { flag: 'once', description: 'Poll every enabled category once, print the metrics and exit.' },
  help: { flag: 'help', short: 'h', description: 'Show this help and exit.' },
  version: {
    flag: 'version',
    short: 'v',
    description: 'Print the version, the git revision it was built from and the Node version, and exit.',
  },
} as const;

export type ActionName = keyof typeof ACTION_FLAGS;

/** Read only from the environment: a flag would show the key in `ps`. */
export const ADMIN_KEY_VARIABLES = {
  key: { env: 'OPENAI_ADMIN_KEY', description: 'OpenAI admin key (sk-admin-...). Required unless --demo.' },
  file: {
    env: 'OPENAI_ADMIN_KEY_FILE',
    description: 'File holding the admin key, e.g. a Docker or Kubernetes secret. Excludes OPENAI_ADMIN_KEY.',
  },
} as const;

const { configFile, dailyUsd, monthlyUsd, projectDailyUsd, projectMonthlyUsd, ...general } = OPTIONS;

/** Every value option, in documentation order. */
export const ALL_OPTIONS: readonly OptionSpec<unknown>[] = [
  ...Object.values(general),
  ...CATEGORY_IDS.map((category) => GROUP_BY_OPTIONS[category]),
  dailyUsd,
  monthlyUsd,
  projectDailyUsd,
  projectMonthlyUsd,
  configFile,
];
