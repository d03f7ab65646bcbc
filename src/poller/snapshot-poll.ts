// A poll that reads one whole snapshot (the names listing, the organization's limits): all or
// nothing, run by runPoll, so a failed read keeps the last good snapshot exported. "Changed" is
// decided by content, so an unchanged listing does not re-render the exposition.

import {
  type PollResult,
  type PollTrack,
  type PollTrackOptions,
  pollTrack,
  runPoll,
  type TierProgress,
} from './run-poll.js';

export interface SnapshotReader<T> {
  read(signal: AbortSignal | undefined): Promise<T>;
  /** Fields for the debug line of a successful poll. */
  summarize(snapshot: T): Readonly<Record<string, unknown>>;
}

export class SnapshotPoll<T> {
  readonly #track: PollTrack;
  #snapshot: T | undefined;
  #fingerprint = '';

  constructor(
    track: PollTrackOptions,
    private readonly reader: SnapshotReader<T>,
  ) {
    this.#track = pollTrack(track);
  }

  get progress(): TierProgress {
    return this.#track.progress;
  }

  /** The snapshot of the last successful poll; undefined until one succeeded. */
  get snapshot(): T | undefined {
    return this.#snapshot;
  }

  /** One poll, with how it ended; never rejects. */
  execute(signal?: AbortSignal): Promise<PollResult> {
    return runPoll(
      this.#track,
      async () => {
        const snapshot = await this.reader.read(signal);
        const fingerprint = JSON.stringify(snapshot);
        const changed = fingerprint !== this.#fingerprint;
        this.#snapshot = snapshot;
        this.#fingerprint = fingerprint;
        return { changed, summary: this.reader.summarize(snapshot) };
      },
      signal,
    );
  }
}
