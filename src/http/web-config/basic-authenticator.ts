// Basic auth against bcrypt hashes. bcrypt is slow on purpose (tens of milliseconds at cost 10), far
// too slow to pay on every scrape, so successful verifications are remembered the way exporter-toolkit
// does it: by a SHA-256 digest of user and password, never the password itself.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { bcryptCost } from './basic-auth-section.js';
import { type Credentials, parseBasicAuthorization } from './credentials.js';

export type VerifyPassword = (password: string, hash: string) => Promise<boolean>;

export const verifyWithBcrypt: VerifyPassword = (password, hash) => bcrypt.compare(password, hash);

export class BasicAuthenticator {
  /** User ⇒ digest of the credentials last verified for them: bounded by the number of users. */
  private readonly verified = new Map<string, Buffer>();
  /** Concurrent scrapes with the same credentials share one bcrypt run instead of each starting one. */
  private readonly pending = new Map<string, Promise<boolean>>();
  // Keyed per process, so the digests held in memory cannot be checked against a precomputed table.
  private readonly digestKey = randomBytes(32);
  /**
   * What an unknown user's password is checked against, so that a miss costs a full bcrypt run and
   * user names cannot be told apart by timing. A configured hash (the costliest) rather than a fixed
   * one, so the decoy costs what a real check costs whatever cost the operator chose.
   */
  private readonly decoyHash: string;

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly verify: VerifyPassword = verifyWithBcrypt,
  ) {
    const byCost = [...users.values()].sort((a, b) => (bcryptCost(b) ?? 0) - (bcryptCost(a) ?? 0));
    const costliest = byCost[0];
    if (costliest === undefined) throw new Error('BasicAuthenticator needs at least one user');
    this.decoyHash = costliest;
  }

  /** True only for a well-formed header naming a configured user with the right password. */
  async authenticate(authorization: string | undefined): Promise<boolean> {
    const credentials = parseBasicAuthorization(authorization);
    if (credentials === undefined) return false;
    const digest = createHmac('sha256', this.digestKey).update(credentials.pair).digest();
    const remembered = this.verified.get(credentials.user);
    if (remembered !== undefined && timingSafeEqual(remembered, digest)) return true;
    const hash = this.users.get(credentials.user);
    const passwordMatches = await this.verifyOnce(digest, credentials, hash ?? this.decoyHash);
    // The decoy's verdict is never trusted: an unknown user fails even with the decoy's password.
    if (hash === undefined || !passwordMatches) return false;
    this.verified.set(credentials.user, digest);
    return true;
  }

  private verifyOnce(digest: Buffer, credentials: Credentials, hash: string): Promise<boolean> {
    const key = digest.toString('hex');
    let verification = this.pending.get(key);
    if (verification === undefined) {
      verification = this.verify(credentials.password, hash)
        .catch(() => false)
        .finally(() => this.pending.delete(key));
      this.pending.set(key, verification);
    }
    return verification;
  }
}
