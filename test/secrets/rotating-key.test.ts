import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FileSignature, FixedKey, RotatingKey } from '../../src/secrets/rotating-key.js';

const FIRST = 'sk-admin-RotatingFirst0123456789abcdefABCD';
const SECOND = 'sk-admin-RotatingSecond0123456789abcdefEFGH';

/** A key file in a temp dir whose signature the test sets, so no change depends on timestamps. */
function keyFile(contents: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rotating-key-'));
  const path = join(dir, 'admin-key');
  writeFileSync(path, contents);
  let signature: FileSignature | undefined = { ino: 1, size: contents.length, mtimeMs: 1000 };
  let reads = 0;
  const invalid: string[] = [];
  const secrets: string[] = [];
  // The rules of readAdminKey, in short: trimmed, non-empty, an admin key.
  const read = () => {
    reads += 1;
    const key = readFileSync(path, 'utf8').trim();
    if (!key.startsWith('sk-admin-')) throw new Error(`the admin key in ${path} is not an admin key`);
    return key;
  };
  const rotating = new RotatingKey({
    path,
    initial: contents.trim(),
    read,
    stat: () => signature,
    secrets,
    onInvalid: (reason) => invalid.push(reason),
  });
  return {
    rotating,
    secrets,
    invalid,
    reads: () => reads,
    /** Rewrites the file; the signature changes as a replaced file's would. */
    write(next: string, change: Partial<FileSignature> = {}) {
      writeFileSync(path, next);
      const before = signature ?? { ino: 1, size: 0, mtimeMs: 0 };
      signature = { ino: before.ino, size: next.length, mtimeMs: before.mtimeMs + 1, ...change };
    },
    remove() {
      signature = undefined;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});
function setup(contents: string) {
  const file = keyFile(contents);
  cleanups.push(file.cleanup);
  return file;
}

describe('a rotating key file', () => {
  it('reads the file only when its inode, size or mtime changed', () => {
    const file = setup(`${FIRST}\n`);
    expect(file.rotating.check()).toEqual({ key: FIRST, version: 0 });
    expect(file.rotating.check()).toEqual({ key: FIRST, version: 0 });
    expect(file.reads()).toBe(1);
    file.write(`${SECOND}\n`);
    expect(file.rotating.check()).toEqual({ key: SECOND, version: 1 });
    expect(file.rotating.check()).toEqual({ key: SECOND, version: 1 });
    expect(file.reads()).toBe(2);
  });

  it('notices a replaced file of the same size and mtime by its inode (a secret volume swap)', () => {
    const file = setup(FIRST);
    file.rotating.check();
    file.write(SECOND, { size: FIRST.length, mtimeMs: 1000, ino: 2 });
    expect(file.rotating.check().key).toBe(SECOND);
  });

  it('keeps the version when the file is touched but holds the same key', () => {
    const file = setup(FIRST);
    file.rotating.check();
    file.write(`${FIRST}\n`);
    expect(file.rotating.check()).toEqual({ key: FIRST, version: 0 });
    expect(file.invalid).toEqual([]);
  });

  it('adds a new key to the secrets before handing it out', () => {
    const file = setup(FIRST);
    expect(file.secrets).toEqual([FIRST]);
    file.write(SECOND);
    const { key } = file.rotating.check();
    expect(key).toBe(SECOND);
    expect(file.secrets).toEqual([FIRST, SECOND]);
  });

  it('keeps the last good key through an empty, half-written or wrong file, reporting each once', () => {
    const file = setup(FIRST);
    file.rotating.check();
    file.write('');
    expect(file.rotating.check()).toEqual({ key: FIRST, version: 0 });
    expect(file.rotating.check()).toEqual({ key: FIRST, version: 0 });
    file.write('sk-adm');
    expect(file.rotating.check()).toEqual({ key: FIRST, version: 0 });
    file.write('sk-proj-NotAnAdminKey0123456789');
    expect(file.rotating.check()).toEqual({ key: FIRST, version: 0 });
    expect(file.invalid).toHaveLength(3);
    expect(file.invalid.join('\n')).not.toContain('sk-proj-NotAnAdminKey');
    expect(file.secrets).toEqual([FIRST]);
    file.write(SECOND);
    expect(file.rotating.check()).toEqual({ key: SECOND, version: 1 });
  });

  it('reports a missing file once and reads whatever appears there next', () => {
    const file = setup(FIRST);
    file.rotating.check();
    file.remove();
    expect(file.rotating.check().key).toBe(FIRST);
    expect(file.rotating.check().key).toBe(FIRST);
    expect(file.invalid).toHaveLength(1);
    // Back with the very signature it had: still read, it may hold anything now.
    file.write(SECOND, { ino: 1, size: FIRST.length, mtimeMs: 1000 });
    expect(file.rotating.check().key).toBe(SECOND);
  });

  it('sees a real rewrite through the file system stat', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotating-key-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'key');
    writeFileSync(path, FIRST);
    const read = () => readFileSync(path, 'utf8').trim();
    const rotating = new RotatingKey({ path, initial: FIRST, read, secrets: [], onInvalid: () => {} });
    rotating.check();
    // Another length, so the change shows whatever the file system's timestamp granularity.
    writeFileSync(path, `${SECOND}\n`);
    expect(rotating.check()).toEqual({ key: SECOND, version: 1 });
  });
});

describe('a fixed key (from an environment variable)', () => {
  it('never changes', () => {
    const fixed = new FixedKey(FIRST);
    expect(fixed.check()).toEqual({ key: FIRST, version: 0 });
    expect(fixed.check()).toBe(fixed.check());
  });
});
