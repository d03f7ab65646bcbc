// Before anything starts: a disk that cannot hold the state is a configuration error, and two
// long-running exporters must never write the same state file.

import type { ExporterConfig } from '../config/index.js';
import {
  acquireStorageLock,
  checkStoragePath,
  type StorageLock,
  StorageLockedError,
  StoragePathError,
} from '../state/storage-directory.js';
import { StartupError } from './startup-error.js';
import { storageDirectory } from './storage-path.js';

export interface StorageClaim {
  readonly path: string;
  /** Undefined when another exporter holds the directory (only a --once run goes on then). */
  readonly lock: StorageLock | undefined;
  /** Why the lock was not taken, for the warning of a --once run. */
  readonly lockedOut?: string;
}

/** Checks (and creates) the storage directory and takes its lock. */
export async function claimStorage(config: ExporterConfig, once: boolean): Promise<StorageClaim> {
  const path = storageDirectory(config);
  await checkStoragePath(path, { create: true }).catch(asStartupError);
  try {
    return { path, lock: await acquireStorageLock(path) };
  } catch (error) {
    if (!(error instanceof StorageLockedError)) throw error;
    // --once only reads the saved state then; a long-running second exporter would race the first.
    if (!once) {
      throw new StartupError(
        `--storage.path: ${error.message}; stop it or give this one its own --storage.path`,
      );
    }
    return { path, lock: undefined, lockedOut: error.message };
  }
}

/** A storage path that cannot be used, as the option that names it. */
export function asStartupError(error: unknown): never {
  if (error instanceof StoragePathError) throw new StartupError(`--storage.path: ${error.message}`);
  throw error;
}
