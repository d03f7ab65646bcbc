// The storage path: checked before anything else starts (a disk that cannot hold the state file is
// a configuration error, not something to discover after the first poll), and locked, so that two
// exporters (or an exporter and --once) never write the same state file.

import { randomBytes } from 'node:crypto';
import { constants, readFileSync, unlinkSync } from 'node:fs';
import { access, mkdir, open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ExporterError } from '../errors.js';

export const LOCK_FILE_NAME = 'openai-usage-exporter.lock';
/** The holder touches the lock this often; a lock untouched for STALE_AFTER_MS is abandoned. */
const HEARTBEAT_MS = 30_000;
const STALE_AFTER_MS = 120_000;

export class StoragePathError extends ExporterError {
  override readonly name = 'StoragePathError';
}

export class StorageLockedError extends ExporterError {
  override readonly name = 'StorageLockedError';
}

/**
 * With `create`, makes the directory and proves it writable by creating and removing a file. Without
 * it (--check-config changes nothing), checks the directory, or its nearest existing ancestor, is a
 * writable directory.
 */
export async function checkStoragePath(directory: string, options: { create: boolean }): Promise<void> {
  try {
    if (options.create) {
      await mkdir(directory, { recursive: true });
      const probe = join(directory, `.write-probe.${process.pid}.${randomBytes(4).toString('hex')}`);
      const file = await open(probe, 'wx', 0o600);
      await file.close();
      await unlink(probe);
      return;
    }
    let existing = resolve(directory);
    for (;;) {
      const info = await stat(existing).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' && dirname(existing) !== existing) return undefined;
        throw error;
      });
      if (info === undefined) {
        existing = dirname(existing);
        continue;
      }
      if (!info.isDirectory()) throw new Error(`ENOTDIR: not a directory, '${existing}'`);
      break;
    }
    await access(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StoragePathError((error as Error).message);
  }
}

export interface StorageLock {
  release(): void;
}

interface LockHolder {
  readonly pid?: unknown;
  readonly hostname?: unknown;
  readonly since?: unknown;
}

/**
 * An exclusive lock file in the storage path, holding the pid and host of its holder. A lock is
 * abandoned when its heartbeat stopped or, on this host, its process is gone (a container restarted
 * with the same pid is not "gone" by pid alone, hence the heartbeat). Throws StorageLockedError.
 */
export async function acquireStorageLock(directory: string): Promise<StorageLock> {
  const path = join(directory, LOCK_FILE_NAME);
  const content = JSON.stringify({ pid: process.pid, hostname: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      try {
        await file.writeFile(content);
      } finally {
        await file.close();
      }
      return heldLock(path, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await liveHolder(path);
      if (holder !== undefined || attempt > 0) {
        throw new StorageLockedError(
          `${directory} is in use by another exporter (${holder ?? 'it just took the lock'})`,
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
}

/** A description of the lock's holder while it is alive, undefined when the lock is abandoned. */
async function liveHolder(path: string): Promise<string | undefined> {
  let holder: LockHolder = {};
  let touchedMs: number;
  try {
    touchedMs = (await stat(path)).mtimeMs;
    holder = JSON.parse(await readFile(path, 'utf8')) as LockHolder;
  } catch {
    // Vanished, or being written this instant: judged by its age alone.
    touchedMs ??= 0;
  }
  if (Date.now() - touchedMs > STALE_AFTER_MS) return undefined;
  const { pid, hostname: host, since } = holder ?? {};
  if (typeof pid !== 'number') return 'a lock file being written';
  if (host === hostname() && (pid === process.pid || !isRunning(pid))) return undefined;
  return `pid ${pid} on host ${String(host)}${typeof since === 'string' ? ` since ${since}` : ''}`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function heldLock(path: string, content: string): StorageLock {
  const heartbeat = setInterval(() => {
    const now = new Date();
    void utimes(path, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const release = () => {
    clearInterval(heartbeat);
    process.off('exit', release);
    try {
      // Never remove a lock another process took over meanwhile.
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return { release };
}
