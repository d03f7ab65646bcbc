// The few fields of admin listing items that name things. Optional and nullable fields become
// '' so a half-filled item still yields its id; only the id itself is required.

export interface DirectoryProject {
  readonly id: string;
  readonly name: string;
  /** `active` or `archived`; derived from `archived_at` when the status is missing. */
  readonly status: string;
}

export interface DirectoryUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** Organization role: `owner` or `reader`. */
  readonly role: string;
}

export interface DirectoryApiKey {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
}

type Item = Readonly<Record<string, unknown>>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function projectEntry(item: Item): DirectoryProject {
  const status = text(item.status);
  const archived = item.archived_at !== undefined && item.archived_at !== null;
  return {
    id: String(item.id),
    name: text(item.name),
    status: status !== '' ? status : archived ? 'archived' : 'active',
  };
}

export function userEntry(item: Item): DirectoryUser {
  return { id: String(item.id), name: text(item.name), email: text(item.email), role: text(item.role) };
}

export function apiKeyEntry(item: Item, projectId: string): DirectoryApiKey {
  return { id: String(item.id), name: text(item.name), projectId };
}
