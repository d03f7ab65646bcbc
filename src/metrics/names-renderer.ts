// Info metrics (value always 1) that carry names as labels, for `group_left` joins onto the usage
// and cost series, which only carry ids.

import type { DirectoryApiKey, DirectoryProject, DirectoryUser } from '../openai/index.js';
import { familyHeader, formatLabels, ORGANIZATION_LABEL } from './text-format.js';

/** What the names poller last listed, in the client's own types. */
export interface NameDirectory {
  readonly projects: readonly DirectoryProject[];
  readonly apiKeys: readonly DirectoryApiKey[];
  readonly users: readonly DirectoryUser[];
}

export interface NamesRenderOptions {
  /** Emails are personal data: the `email` label is only added when asked for. */
  readonly includeEmails: boolean;
  /** The first label's value on every series. */
  readonly organization: string;
}

const LISTINGS = 'GET /v1/organization';

export const NAME_INFO_METRICS = {
  project: {
    metric: 'openai_project_info',
    labels: [ORGANIZATION_LABEL, 'project_id', 'project_name', 'status'],
    help: `Name and status (active, archived) of each project, from ${LISTINGS}/projects; the value is always 1. Join with * on (organization, project_id) group_left (project_name).`,
  },
  apiKey: {
    metric: 'openai_api_key_info',
    labels: [ORGANIZATION_LABEL, 'api_key_id', 'api_key_name', 'project_id'],
    help: `Name and project of each project API key, from ${LISTINGS}/projects/{project_id}/api_keys; the value is always 1. Join with * on (organization, api_key_id) group_left (api_key_name).`,
  },
  user: {
    metric: 'openai_user_info',
    labels: [ORGANIZATION_LABEL, 'user_id', 'user_name', 'role'],
    help: `Name and organization role of each user, from ${LISTINGS}/users (with an email label when --names.include-emails is set); the value is always 1. Join with * on (organization, user_id) group_left (user_name).`,
  },
} as const;

export function renderNames(directory: NameDirectory, options: NamesRenderOptions): string {
  const chunks: string[] = [];
  const family = (
    info: { readonly metric: string; readonly labels: readonly string[]; readonly help: string },
    names: readonly string[],
    rows: readonly (readonly string[])[],
  ): void => {
    if (rows.length === 0) return;
    chunks.push(familyHeader(info.metric, 'gauge', info.help));
    for (const values of rows) chunks.push(`${info.metric}${formatLabels(names, values)} 1\n`);
  };
  const { project, apiKey, user } = NAME_INFO_METRICS;
  const org = options.organization;
  family(
    project,
    project.labels,
    directory.projects.map((p) => [org, p.id, p.name, p.status]),
  );
  family(
    apiKey,
    apiKey.labels,
    directory.apiKeys.map((k) => [org, k.id, k.name, k.projectId]),
  );
  family(
    user,
    options.includeEmails ? [...user.labels, 'email'] : user.labels,
    directory.users.map((u) =>
      options.includeEmails ? [org, u.id, u.name, u.role, u.email] : [org, u.id, u.name, u.role],
    ),
  );
  return chunks.join('');
}
