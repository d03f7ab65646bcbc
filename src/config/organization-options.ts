// The one option about organizations that flags can set: the name of the single organization when
// the config file has no `organizations:` list. The list itself lives only in the file (see
// organizations-file.ts), since each entry names its own key file or variable.

import { ConfigError, quote } from './config-error.js';
import { option } from './option-spec.js';
import { text } from './scalar-decoders.js';

const NAME = /^[a-z0-9_-]+$/;

/** The `organization` label value: lower case so that two spellings cannot split one organization's series. */
export function organizationName(value: unknown, at: string): string {
  const name = text(value, at);
  if (!NAME.test(name)) {
    throw new ConfigError(at, `${quote(name)} is not a valid organization name; use only a-z, 0-9, _ and -`);
  }
  return name;
}

export const ORGANIZATION_OPTIONS = {
  organizationName: option({
    flag: 'organization.name',
    env: 'OPENAI_EXPORTER_ORGANIZATION_NAME',
    default: 'default',
    placeholder: '<name>',
    filePath: 'organization.name',
    description:
      'Value of the organization label when the config file has no organizations list (a-z, 0-9, _ and -); with a list, each entry names itself.',
    decode: organizationName,
  }),
} as const;
