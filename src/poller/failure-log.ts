// How a failing poll is logged: the first failure as an error with its reason, then at most one
// reminder per interval with the count and the latest reason, and one line when it recovers. A
// category polled every minute through an hour-long outage says so about a dozen times, not
// sixty, and an operator can still see from the log when it started and when it ended.

import type { Logger } from 'pino';

export const FAILURE_REMINDER_MS = 5 * 60_000;

const failures = (count: number): string => (count === 1 ? '1 failure' : `${count} failures`);

export class FailureLog {
  #failures = 0;
  #lastLoggedMs = 0;

  constructor(
    private readonly logger: Logger,
    /** What fails, as the messages name it, e.g. `poll` or `names poll`. */
    private readonly what: string,
    private readonly nowMs: () => number,
    private readonly reminderMs = FAILURE_REMINDER_MS,
  ) {}

  failed(reason: string, fields: Record<string, unknown> = {}): void {
    this.#failures++;
    const now = this.nowMs();
    if (this.#failures === 1) {
      this.#lastLoggedMs = now;
      this.logger.error({ ...fields, err: reason }, `${this.what} failed; keeping the last good values`);
      return;
    }
    if (now - this.#lastLoggedMs < this.reminderMs) return;
    this.#lastLoggedMs = now;
    this.logger.warn(
      { ...fields, failures: this.#failures, err: reason },
      `${this.what} still failing after ${failures(this.#failures)}; keeping the last good values`,
    );
  }

  succeeded(fields: Record<string, unknown> = {}): void {
    if (this.#failures === 0) return;
    this.logger.info(
      { ...fields, failures: this.#failures },
      `${this.what} recovered after ${failures(this.#failures)}`,
    );
    this.#failures = 0;
  }
}
