// The identity the next save writes: which key (by fingerprint) and which organization the counters
// belong to. It is also what a rotated key is checked against: the organization recorded here is
// the one an entry's data must keep coming from.

import { keyFingerprint, learn, type SavedIdentity, type UpstreamIdentity } from './identity.js';

export class IdentityRecord {
  #saved: SavedIdentity | undefined;
  #learning: Promise<void> | undefined;

  /** Without an identity (tests, benchmarks) nothing is recorded. */
  constructor(private readonly identity: UpstreamIdentity | undefined) {}

  get saved(): SavedIdentity | undefined {
    return this.#saved;
  }

  /** The organization the counters belong to, once the saved state or the upstream named it. */
  get organizationId(): string | undefined {
    return this.#saved?.organizationId;
  }

  /** What the loaded state file said, until `adopt` decides. */
  loaded(saved: SavedIdentity | undefined): void {
    this.#saved = saved;
  }

  /**
   * Records the current key and the organization, for the next start to compare. An unknown
   * organization is looked up in the background: start-up must not wait for an upstream that may
   * be down, and a later save records the answer.
   */
  adopt(known: string | undefined): void {
    const identity = this.identity;
    if (identity === undefined) return;
    const fingerprint = identity.keyFingerprint;
    this.#saved = { keyFingerprint: fingerprint, ...(known === undefined ? {} : { organizationId: known }) };
    if (known !== undefined) return;
    this.#learning = learn(identity).then((organizationId) => {
      if (organizationId !== undefined && this.#saved?.keyFingerprint === fingerprint) {
        this.#saved = { keyFingerprint: fingerprint, organizationId };
      }
    });
  }

  /**
   * A rotated key was accepted for the same organization. When the upstream could not name the
   * organization for it, the one recorded stays the reference the next rotation is checked against.
   */
  keyRotated(adminKey: string, organizationId: string | undefined): void {
    const id = organizationId ?? this.#saved?.organizationId;
    this.#saved = {
      keyFingerprint: keyFingerprint(adminKey),
      ...(id === undefined ? {} : { organizationId: id }),
    };
  }

  /** Settles once the background lookup of the organization (if any) has answered. */
  async learned(): Promise<void> {
    await this.#learning;
  }
}
