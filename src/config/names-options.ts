// Options of the names poller, which lists projects, users and API keys so dashboards can show
// names instead of ids.

import { option } from './option-spec.js';
import { boolean, duration } from './scalar-decoders.js';

const MINUTE = 60_000;

export const NAMES_OPTIONS = {
  namesEnabled: option({
    flag: 'names.enabled',
    env: 'OPENAI_EXPORTER_NAMES_ENABLED',
    default: 'true',
    placeholder: '',
    filePath: 'names.enabled',
    isBoolean: true,
    description:
      'Export project, API key and user names as info metrics (openai_project_info, openai_api_key_info, openai_user_info); --names.enabled=false to turn off.',
    decode: boolean,
  }),
  namesInterval: option({
    flag: 'names.interval',
    env: 'OPENAI_EXPORTER_NAMES_INTERVAL',
    default: '1h',
    placeholder: '<duration>',
    filePath: 'names.interval',
    description: 'How often to list projects, users and API keys for their names (at least 1m).',
    decode: duration({ min: MINUTE }),
  }),
  namesIncludeEmails: option({
    flag: 'names.include-emails',
    env: 'OPENAI_EXPORTER_NAMES_INCLUDE_EMAILS',
    default: 'false',
    placeholder: '',
    filePath: 'names.include_emails',
    isBoolean: true,
    description: 'Add an email label to openai_user_info. Off by default: emails are personal data.',
    decode: boolean,
  }),
} as const;
