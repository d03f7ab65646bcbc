// `basic_auth_users`: user name ⇒ bcrypt hash, checked at load time like exporter-toolkit does, so a
// plain-text password pasted in by mistake is refused rather than silently never matching.

import type { YamlSection } from '../../config/yaml-section.js';

// $2a$/$2b$/$2y$, a two-digit cost, then 22 characters of salt and 31 of hash in bcrypt's base64.
const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const MIN_COST = 4;
const MAX_COST = 31;

export function bcryptCost(hash: string): number | undefined {
  const cost = BCRYPT_HASH.exec(hash)?.[1];
  return cost === undefined ? undefined : Number(cost);
}

export function decodeBasicAuthUsers(section: YamlSection | undefined): Map<string, string> {
  const users = new Map<string, string>();
  if (section === undefined) return users;
  for (const user of section.keys()) {
    if (user === '') throw section.fail(user, 'a user name cannot be empty');
    // Basic auth splits user from password at the first colon, so such a user could never log in.
    if (user.includes(':')) throw section.fail(user, 'a user name cannot contain ":"');
    const hash = section.raw(user);
    // Deliberately not quoting the value: it may be a password pasted where its hash belongs.
    const cost = typeof hash === 'string' ? bcryptCost(hash) : undefined;
    if (typeof hash !== 'string' || cost === undefined) {
      throw section.fail(
        user,
        'is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost, then 53 characters); make one with `htpasswd -nBC 10 "" | tr -d \':\\n\'`',
      );
    }
    if (cost < MIN_COST || cost > MAX_COST) {
      throw section.fail(user, `bcrypt cost ${cost} is outside ${MIN_COST}..${MAX_COST}`);
    }
    users.set(user, hash);
  }
  return users;
}
