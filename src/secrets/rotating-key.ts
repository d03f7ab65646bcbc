// An admin key that may be rotated while the exporter runs: Kubernetes and Docker secret volumes
// replace the file, and the exporter should send the new key without a restart. The file is looked
// at before each poll and request, so that look is a stat (inode, size, mtime), and only a change
// reads it again. A bad new file (empty, half-written, not an admin key) never replaces a good key.

import { statSync } from 'node:fs';

/** What tells a replaced or rewritten file apart, without reading it. */
export interface FileSignature {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Undefined when the file cannot be looked at right now (mid-swap, removed). */
export type StatFile = (path: string) => FileSignature | undefined;

export interface KeyCheck {
  readonly key: string;
  /** Grows by one with every new valid key: what an entry was verified or refused for. */
  readonly version: number;
}

/** Where an organization's key comes from: a fixed one (an environment variable) or a file. */
export interface KeySource {
  /** The key at start-up: version 0. */
  readonly initial: string;
  check(): KeyCheck;
}

export class FixedKey implements KeySource {
  readonly #check: KeyCheck;

  constructor(readonly initial: string) {
    this.#check = { key: initial, version: 0 };
  }

  check(): KeyCheck {
    return this.#check;
  }
}

export interface RotatingKeyOptions {
  readonly path: string;
  /** The key read at start-up, already validated. */
  readonly initial: string;
  /** Reads the file and validates the key; throws with a message that never holds the key. */
  readonly read: () => string;
  /** Default: the file system's. */
  readonly stat?: StatFile;
  /** The log scrubber's secrets: a new key joins them before anything can send or log it. */
  readonly secrets: string[];
  /** A changed file did not hold a usable key; called once per change, the last good key stays. */
  readonly onInvalid: (reason: string) => void;
}

export class RotatingKey implements KeySource {
  #current: KeyCheck;
  /** The file as last read; undefined until the first check, which reads it once more. */
  #seen: FileSignature | undefined;
  #unreadable = false;

  readonly initial: string;

  constructor(private readonly options: RotatingKeyOptions) {
    this.initial = options.initial;
    this.#current = { key: options.initial, version: 0 };
    if (!options.secrets.includes(options.initial)) options.secrets.push(options.initial);
  }

  check(): KeyCheck {
    const { path, stat = statFile } = this.options;
    const now = stat(path);
    if (now === undefined) {
      this.#invalidOnce(`cannot read ${JSON.stringify(path)} now`);
      return this.#current;
    }
    this.#unreadable = false;
    if (this.#seen !== undefined && sameFile(this.#seen, now)) return this.#current;
    this.#seen = now;
    let key: string;
    try {
      key = this.options.read();
    } catch (error) {
      this.options.onInvalid(error instanceof Error ? error.message : String(error));
      return this.#current;
    }
    if (key === this.#current.key) return this.#current;
    if (!this.options.secrets.includes(key)) this.options.secrets.push(key);
    this.#current = { key, version: this.#current.version + 1 };
    return this.#current;
  }

  /** A file that stays missing is reported once, not at every request. */
  #invalidOnce(reason: string): void {
    if (this.#unreadable) return;
    this.#unreadable = true;
    // Whatever appears there next is read, even with the signature it had before.
    this.#seen = undefined;
    this.options.onInvalid(reason);
  }
}

function sameFile(a: FileSignature, b: FileSignature): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function statFile(path: string): FileSignature | undefined {
  try {
    const { ino, size, mtimeMs } = statSync(path);
    return { ino, size, mtimeMs };
  } catch {
    return undefined;
  }
}
