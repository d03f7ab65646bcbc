// One organization's key, as its upstream clients see it: the key they send (`key`) and the check
// before each request (`admit`). A rotated key is used for data only after the upstream says which
// organization it answers for: a key of another organization would pour its data into this
// entry's counters, so it is refused (logged once, counted) and every request of the entry fails
// until its key file changes again. The series stay served as they were last good.

import type { Logger } from 'pino';
import { OrganizationMismatchError, type UpstreamSubject } from '../openai/index.js';
import type { KeyCheck, KeySource } from '../secrets/rotating-key.js';

/** Where the entry's organization is recorded (the state keeper's IdentityRecord). */
export interface RecordedOrganization {
  readonly organizationId: string | undefined;
  keyRotated(adminKey: string, organizationId: string | undefined): void;
}

export interface KeyGuardOptions {
  readonly organization: string;
  readonly source: KeySource;
  /** The organization `key` answers for, from one costs request sent with it; undefined: it cannot tell. */
  readonly verify: (key: string, signal: AbortSignal | undefined) => Promise<string | undefined>;
  readonly record: RecordedOrganization;
  readonly reporter: { organizationMismatch(): void };
  readonly logger: Logger;
}

export class KeyGuard {
  #accepted: KeyCheck;
  /** The version of the key refused, until the source hands out another. */
  #refused: number | undefined;
  #refusal = '';
  #verifying: Promise<void> | undefined;

  /** The key at start-up is the one the saved state was checked against (StateKeeper.load). */
  constructor(private readonly options: KeyGuardOptions) {
    this.#accepted = { key: options.source.initial, version: 0 };
  }

  /** The key the clients send: the last one accepted. */
  get key(): string {
    return this.#accepted.key;
  }

  /** True while the current key is refused: the entry polls nothing. */
  get refused(): boolean {
    return this.#refused !== undefined && this.options.source.check().version === this.#refused;
  }

  /** Why the entry is refused, while it is. */
  get refusal(): string {
    return this.#refusal;
  }

  /** Resolves when a request may be sent with `key`; rejects while the entry is refused. */
  async admit(subject: UpstreamSubject | string, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const current = this.options.source.check();
      if (current.version === this.#refused) {
        throw new OrganizationMismatchError(subject as UpstreamSubject, this.#refusal);
      }
      if (current.version === this.#accepted.version) return;
      this.#verifying ??= this.#verify(current, signal).finally(() => {
        this.#verifying = undefined;
      });
      await this.#verifying;
    }
  }

  /**
   * Refuses the start-up key: it answers for `answered`, not for the organization the saved
   * counters belong to (say two entries' key files were swapped). Nothing is sent with it.
   */
  refuseInitial(expected: string, answered: string): void {
    this.#refuse(0, expected, answered);
  }

  /** Accepts or refuses `candidate`; rejects (and decides nothing) when the upstream could not answer. */
  async #verify(candidate: KeyCheck, signal: AbortSignal | undefined): Promise<void> {
    const { record, logger } = this.options;
    const answered = await this.options.verify(candidate.key, signal);
    const expected = record.organizationId;
    if (expected !== undefined && answered !== undefined && answered !== expected) {
      this.#refuse(candidate.version, expected, answered);
      return;
    }
    this.#accepted = candidate;
    this.#refused = undefined;
    record.keyRotated(candidate.key, answered);
    if (answered === undefined || expected === undefined) {
      logger.warn(
        { organization_id: answered ?? expected },
        'admin key rotated; the organization it answers for could not be verified, the counters continue',
      );
    } else {
      logger.info(
        { organization_id: answered },
        'admin key rotated; same organization, the counters continue',
      );
    }
  }

  #refuse(version: number, expected: string, answered: string): void {
    this.#refused = version;
    this.#refusal =
      `the admin key of organization "${this.options.organization}" answers for ${answered}, ` +
      `not ${expected}; polling stops until its key changes`;
    this.options.reporter.organizationMismatch();
    this.options.logger.error(
      { expected_organization_id: expected, answered_organization_id: answered },
      `${this.#refusal}; the series stay served as last good`,
    );
  }
}
