import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireStorageLock,
  checkStoragePath,
  LOCK_FILE_NAME,
  StorageLockedError,
  StoragePathError,
} from '../../src/state/storage-directory.js';

const freshDirectory = () => mkdtempSync(join(tmpdir(), 'oue-storage-'));

function blockedPath(): string {
  const parent = freshDirectory();
  writeFileSync(join(parent, 'a-file'), 'not a directory');
  return join(parent, 'a-file', 'state');
}

/** A pid that certainly belongs to no process: one that has just exited. */
function deadPid(): number {
  return spawnSync('true').pid as number;
}

describe('checking the storage path', () => {
  it('creates a missing directory and proves it writable', async () => {
    const dir = join(freshDirectory(), 'nested', 'state');
    await checkStoragePath(dir, { create: true });
    expect(existsSync(dir)).toBe(true);
  });

  it('fails with the OS error when the path cannot hold files', async () => {
    const error = await checkStoragePath(blockedPath(), { create: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoragePathError);
    expect((error as Error).message).toMatch(/ENOTDIR|EEXIST/);
    expect((error as Error).message).toContain('a-file');
  });

  it('checks without creating anything when asked to (for --check-config)', async () => {
    const dir = join(freshDirectory(), 'not-yet');
    await checkStoragePath(dir, { create: false });
    expect(existsSync(dir)).toBe(false);
    await expect(checkStoragePath(blockedPath(), { create: false })).rejects.toThrow(StoragePathError);
  });
});

describe('the storage lock', () => {
  it('is refused while another process on this host holds it', async () => {
    const dir = freshDirectory();
    const other = process.ppid;
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: other, hostname: hostname() }));
    const refused = await acquireStorageLock(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorageLockedError);
    expect((refused as Error).message).toContain(`pid ${other} on host ${hostname()}`);
  });

  it('holds the pid and host of its holder and is removed on release', async () => {
    const dir = freshDirectory();
    const lock = await acquireStorageLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
    });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    (await acquireStorageLock(dir)).release();
  });

  it('takes over its own pid: a restarted container has the pid its dead predecessor had', async () => {
    const dir = freshDirectory();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: process.pid, hostname: hostname() }));
    (await acquireStorageLock(dir)).release();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = freshDirectory();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid(), hostname: hostname() }));
    const lock = await acquireStorageLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('respects a fresh lock of another host, and takes over one whose heartbeat stopped', async () => {
    const dir = freshDirectory();
    const path = join(dir, LOCK_FILE_NAME);
    writeFileSync(path, JSON.stringify({ pid: 1, hostname: 'another-host' }));
    await expect(acquireStorageLock(dir)).rejects.toThrow(/another-host/);
    const old = Date.now() / 1000 - 600;
    utimesSync(path, old, old);
    (await acquireStorageLock(dir)).release();
  });

  it('takes over an unreadable lock file', async () => {
    const dir = freshDirectory();
    writeFileSync(join(dir, LOCK_FILE_NAME), 'garbage');
    const old = Date.now() / 1000 - 600;
    utimesSync(join(dir, LOCK_FILE_NAME), old, old);
    (await acquireStorageLock(dir)).release();
  });
});
