import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { assembleExporter } from '../../src/exporter/assemble.js';
import { claimStorage } from '../../src/exporter/storage-claim.js';
import { keyFingerprint } from '../../src/state/identity.js';
import { STATE_FILE_NAME } from '../../src/state/state-file.js';

// Upgrading to an `organizations:` list in place: the state the single organization left in
// --storage.path moves to the listed organization it was written with, which continues from it.

const FIXTURE = new URL('../fixtures/state/v1-columnar.state.json', import.meta.url);
const ACME_KEY = 'sk-admin-AssembleAcme0123456789abcdef';
const GLOBEX_KEY = 'sk-admin-AssembleGlobex0123456789abcd';

function upgradedStorage() {
  const dir = mkdtempSync(join(tmpdir(), 'assemble-fleet-'));
  const storage = join(dir, 'storage');
  const saved = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
  const identity = { keyFingerprint: keyFingerprint(GLOBEX_KEY), organizationId: 'org-globex' };
  writeFileSync(join(dir, 'acme.key'), `${ACME_KEY}\n`);
  writeFileSync(join(dir, 'globex.key'), `${GLOBEX_KEY}\n`);
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    [
      'organizations:',
      '  - name: acme',
      `    admin_key_file: ${join(dir, 'acme.key')}`,
      '  - name: globex',
      `    admin_key_file: ${join(dir, 'globex.key')}`,
      '',
    ].join('\n'),
  );
  return { dir, storage, file, saved: { ...saved, identity } };
}

describe('assembling a fleet from the configuration', () => {
  it('gives each listed organization its own directory and moves the old state to its owner', async () => {
    const { storage, file, saved } = upgradedStorage();
    const argv = [
      `--config.file=${file}`,
      `--storage.path=${storage}`,
      '--log.level=silent',
      '--openai.base-url=http://127.0.0.1:9/v1',
    ];
    const { config } = loadConfig(argv, {});
    const claim = await claimStorage(config, false);
    writeFileSync(join(storage, STATE_FILE_NAME), JSON.stringify(saved));
    const secrets: string[] = [];
    try {
      const { fleet } = await assembleExporter(config, claim, secrets);
      expect(fleet.members.map((member) => member.name)).toEqual(['acme', 'globex']);
      expect(existsSync(join(storage, STATE_FILE_NAME))).toBe(false);
      expect(existsSync(join(storage, 'globex', STATE_FILE_NAME))).toBe(true);
      const [acme, globex] = fleet.members;
      expect(globex?.exporter.ledger('completions')?.countedSince).toBeDefined();
      expect(acme?.exporter.ledger('completions')?.countedSince).toBeUndefined();
      // Every key joins the scrubbed secrets before anything is sent with it.
      expect(secrets).toEqual(expect.arrayContaining([ACME_KEY, GLOBEX_KEY]));
      await fleet.renderAll();
      const text = fleet.cache.plain.toString();
      expect(text).toMatch(/^openai_completions_requests_total\{organization="globex",/m);
      expect(text).not.toMatch(/^openai_completions_requests_total\{organization="acme",/m);
    } finally {
      claim.lock?.release();
    }
  });
});
