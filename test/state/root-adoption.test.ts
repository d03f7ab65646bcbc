import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/state/identity.js';
import { type AdoptingEntry, adoptRootState } from '../../src/state/root-adoption.js';
import { STATE_FILE_NAME } from '../../src/state/state-file.js';

// The single-organization layout keeps its state in <storage.path>; a listed organization keeps its
// own in <storage.path>/<name>/. Upgrading moves the old file to the organization it belongs to.

const FIXTURE = new URL('../fixtures/state/v1-columnar.state.json', import.meta.url);
const ACME_KEY = 'sk-admin-AcmeAdoption0123456789abcdef';
const GLOBEX_KEY = 'sk-admin-GlobexAdoption0123456789abcd';

/** A storage root holding the fixture, as the release that wrote it left it, with `identity` added. */
function rootWith(identity: object | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'adoption-'));
  const state = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
  writeFileSync(join(root, STATE_FILE_NAME), JSON.stringify({ ...state, ...(identity ? { identity } : {}) }));
  return root;
}

function entries(root: string, organizations: Record<string, string | undefined> = {}) {
  const asked: string[] = [];
  const entry = (name: string, key: string): AdoptingEntry => ({
    name,
    directory: join(root, name),
    keyFingerprint: keyFingerprint(key),
    organizationId: async () => {
      asked.push(name);
      return organizations[name];
    },
  });
  return { list: [entry('acme', ACME_KEY), entry('globex', GLOBEX_KEY)], asked };
}

function logged() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const fixtureText = () => readFileSync(FIXTURE, 'utf8');
const inEntry = (root: string, name: string) => join(root, name, STATE_FILE_NAME);

describe('adopting the state of the single-organization layout', () => {
  it('moves it into the entry whose key has the saved fingerprint, without asking the upstream', async () => {
    const root = rootWith({ keyFingerprint: keyFingerprint(GLOBEX_KEY), organizationId: 'org-globex' });
    const { list, asked } = entries(root);
    const { logger, lines } = logged();
    expect(await adoptRootState(root, list, logger)).toEqual({ adopted: 'globex' });
    expect(existsSync(join(root, STATE_FILE_NAME))).toBe(false);
    const moved = JSON.parse(readFileSync(inEntry(root, 'globex'), 'utf8'));
    expect(moved.categories).toEqual(JSON.parse(fixtureText()).categories);
    expect(existsSync(inEntry(root, 'acme'))).toBe(false);
    expect(asked).toEqual([]);
    expect(lines.some((line) => /belongs to organization "globex" \(by its admin key\)/.test(line.msg))).toBe(
      true,
    );
  });

  it('after a key rotation, moves it into the entry whose upstream names the saved organization id', async () => {
    const root = rootWith({
      keyFingerprint: keyFingerprint('sk-admin-RetiredKey'),
      organizationId: 'org-acme',
    });
    const { list, asked } = entries(root, { acme: 'org-acme', globex: 'org-globex' });
    expect(await adoptRootState(root, list, logged().logger)).toEqual({ adopted: 'acme' });
    expect(existsSync(inEntry(root, 'acme'))).toBe(true);
    expect(asked.sort()).toEqual(['acme', 'globex']);
  });

  it('never moves it into two entries: two entries of the saved organization leave it in place', async () => {
    const root = rootWith({
      keyFingerprint: keyFingerprint('sk-admin-RetiredKey'),
      organizationId: 'org-acme',
    });
    const { list } = entries(root, { acme: 'org-acme', globex: 'org-acme' });
    const { logger, lines } = logged();
    const result = await adoptRootState(root, list, logger);
    expect(result.adopted).toBeUndefined();
    expect(existsSync(join(root, STATE_FILE_NAME))).toBe(true);
    expect(
      lines.some((line) => line.level === 40 && /several organizations \(acme, globex\)/.test(line.msg)),
    ).toBe(true);
  });

  it('never moves it unverified: no match, an unknown organization, or a file without identity', async () => {
    for (const identity of [
      { keyFingerprint: keyFingerprint('sk-admin-RetiredKey'), organizationId: 'org-initech' },
      { keyFingerprint: keyFingerprint('sk-admin-RetiredKey') },
      undefined,
    ]) {
      const root = rootWith(identity);
      const { list } = entries(root, { acme: 'org-acme', globex: undefined });
      expect((await adoptRootState(root, list, logged().logger)).adopted).toBeUndefined();
      expect(readFileSync(join(root, STATE_FILE_NAME), 'utf8')).toContain('"categories"');
      expect(existsSync(inEntry(root, 'acme')) || existsSync(inEntry(root, 'globex'))).toBe(false);
    }
  });

  it('never replaces the state an entry already has', async () => {
    const root = rootWith({ keyFingerprint: keyFingerprint(ACME_KEY), organizationId: 'org-acme' });
    mkdirSync(join(root, 'acme'));
    writeFileSync(inEntry(root, 'acme'), '{"its":"own"}');
    const { list } = entries(root);
    expect((await adoptRootState(root, list, logged().logger)).adopted).toBeUndefined();
    expect(readFileSync(inEntry(root, 'acme'), 'utf8')).toBe('{"its":"own"}');
    expect(existsSync(join(root, STATE_FILE_NAME))).toBe(true);
  });

  it('does nothing when there is no state in the root', async () => {
    const root = mkdtempSync(join(tmpdir(), 'adoption-'));
    const { list, asked } = entries(root);
    const { logger, lines } = logged();
    expect(await adoptRootState(root, list, logger)).toEqual({ adopted: undefined, reason: undefined });
    expect(asked).toEqual([]);
    expect(lines).toEqual([]);
  });
});
