// Admin listings of the synthetic organization (`object: 'list'`, `limit`/`after` pagination):
// projects, users, and a project's API keys.

import { invalidParam, noSuchProject } from './errors.js';
import { type ListBody, paginate } from './list-pages.js';
import { arrayParam, type RawParams, rejectUnknown, scalarParam } from './query-params.js';
import type { SyntheticOrganization, SyntheticUser } from './types.js';

const userObject = (user: SyntheticUser, object: string) => ({
  object,
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  added_at: user.addedAt,
});

/** Answers a listing path below `/v1`, or returns undefined when the path is not a listing. */
export function serveListing(
  org: SyntheticOrganization,
  path: string,
  params: RawParams,
): ListBody | undefined {
  if (path === 'organization/projects') {
    rejectUnknown(params, ['limit', 'after', 'include_archived']);
    const archived = scalarParam(params, 'include_archived');
    if (archived !== undefined && archived !== 'true' && archived !== 'false') {
      throw invalidParam('include_archived', `Invalid value for 'include_archived': '${archived}'.`);
    }
    const projects = org.projects.map((p) => ({
      object: 'organization.project',
      id: p.id,
      name: p.name,
      created_at: p.createdAt,
      archived_at: null,
      status: 'active',
    }));
    return paginate(projects, params);
  }
  if (path === 'organization/users') {
    rejectUnknown(params, ['limit', 'after', 'emails']);
    const emails = arrayParam(params, 'emails');
    const users = org.users.filter((u) => emails === undefined || emails.includes(u.email));
    return paginate(
      users.map((u) => userObject(u, 'organization.user')),
      params,
    );
  }
  const keys = /^organization\/projects\/([^/]+)\/api_keys$/.exec(path);
  if (keys !== null) {
    rejectUnknown(params, ['limit', 'after', 'owner_project_access']);
    // Every synthetic key's owner has access to its project, so each value lists every key.
    const access = scalarParam(params, 'owner_project_access');
    if (access !== undefined && !['active', 'inactive', 'any'].includes(access)) {
      throw invalidParam('owner_project_access', `Invalid value for 'owner_project_access': '${access}'.`);
    }
    const projectId = decodeURIComponent(keys[1] ?? '');
    if (!org.projects.some((p) => p.id === projectId)) throw noSuchProject(projectId);
    const owners = new Map(org.users.map((u) => [u.id, u]));
    const data = org.apiKeys
      .filter((k) => k.projectId === projectId && access !== 'inactive')
      .map((k) => {
        const owner = owners.get(k.ownerUserId);
        return {
          object: 'organization.project.api_key',
          id: k.id,
          name: k.name,
          redacted_value: k.redactedValue,
          created_at: k.createdAt,
          last_used_at: null,
          owner: {
            type: 'user',
            user: owner === undefined ? null : userObject(owner, 'organization.project.user'),
          },
          owner_project_access: 'active',
        };
      });
    return paginate(data, params);
  }
  return undefined;
}
