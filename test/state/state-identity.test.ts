import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type CategoryId, type Dimension } from '../../src/catalog/categories.js';
import type { ExporterConfig } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/index.js';
import type { QueryFilters } from '../../src/domain/bucket.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { CategoryPoller } from '../../src/poller/category-poller.js';
import { keyFingerprint, type UpstreamIdentity } from '../../src/state/identity.js';
import { STATE_FILE_NAME, statePath } from '../../src/state/state-file.js';
import { StateKeeper } from '../../src/state/state-keeper.js';

// Equivalent configuration continues from the saved state with no reset and no warning; only a
// real change of identity (organization, label set, filters) starts afresh, and says why.

const T0 = 1_790_000_000 - (1_790_000_000 % 3600);
const BASE = 'https://api.openai.com/v1';
const KEY = 'sk-admin-first-key-0123456789';

function configWith(
  changes: Partial<Record<CategoryId, { enabled?: boolean; groupBy?: Dimension[]; filters?: QueryFilters }>>,
): ExporterConfig {
  const base = loadConfig([], {}).config;
  const categories = { ...base.categories };
  for (const [id, change] of Object.entries(changes) as [CategoryId, object][]) {
    categories[id] = { ...categories[id], ...change };
  }
  return { ...base, categories };
}

function poller(id: CategoryId, config: ExporterConfig, rows: [string[], number[]][]): CategoryPoller {
  const groupBy = config.categories[id].groupBy;
  const ledger = new CategoryLedger(categoryLayout(id, groupBy, 100));
  ledger.ingest(
    '1m',
    [{ startTime: T0, endTime: T0 + 60, rows: rows.map(([labels, values]) => ({ labels, values })) }],
    T0 + 60,
  );
  const source = { fetchBuckets: async () => ({ buckets: [] }) };
  const settings = {
    minuteWindowSeconds: 3600,
    hourWindowSeconds: 86400,
    settleDays: 2,
    backfillMaxSeconds: 604800,
  };
  const reporter = { pollFinished() {}, downward() {}, malformed() {} };
  const made = new CategoryPoller(
    CATEGORIES[id],
    config.categories[id],
    ledger,
    source,
    settings,
    reporter,
    pino({ level: 'silent' }),
    () => T0 * 1000,
  );
  made.progress['1m'] = { attempted: true, lastSuccess: T0 + 60 };
  return made;
}

const embeddings = (config: ExporterConfig) =>
  poller('embeddings', config, [
    [
      ['p', 'm'],
      [42, 2],
    ],
  ]);
const moderations = (config: ExporterConfig) =>
  poller('moderations', config, [
    [
      ['p', 'm'],
      [7, 1],
    ],
  ]);

function identity(key: string, organization?: string): UpstreamIdentity & { asked: number } {
  const made = {
    keyFingerprint: keyFingerprint(key),
    asked: 0,
    organizationId: async () => {
      made.asked += 1;
      return organization;
    },
  };
  return made;
}

function harness(
  dir: string,
  options: {
    baseUrl?: string;
    identity?: UpstreamIdentity;
    refuseOtherOrganization?: (saved: string, answered: string) => boolean;
  } = {},
) {
  const recoveries: string[] = [];
  const warnings: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { level: number; msg: string };
        if (entry.level >= 40) warnings.push(entry.msg);
      },
    },
  );
  const reporter = { stateSaved() {}, stateRecovered: (reason: string) => recoveries.push(reason) };
  const keeper = new StateKeeper(
    dir,
    options.baseUrl ?? BASE,
    reporter,
    logger,
    () => T0 * 1000,
    options.identity,
    undefined,
    options.refuseOtherOrganization,
  );
  return { keeper, recoveries, warnings };
}

const freshDirectory = () => mkdtempSync(join(tmpdir(), 'oue-identity-'));
const defaults = configWith({});

async function savedBy(dir: string, config: ExporterConfig, who = identity(KEY, 'org-one')) {
  const { keeper } = harness(dir, { identity: who });
  await keeper.load(config);
  await keeper.organizationLearned();
  await keeper.save([embeddings(config), moderations(config)]);
}

function expectNothingMovedAside(dir: string) {
  expect(readdirSync(dir)).toEqual([STATE_FILE_NAME]);
}

describe('state across equivalent configuration', () => {
  it('continues when group_by was only reordered, serving the same series', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const reordered = configWith({ embeddings: { groupBy: ['model', 'project_id'] } });
    const { keeper, recoveries, warnings } = harness(dir, { identity: identity(KEY, 'org-one') });
    const restored = await keeper.load(reordered);
    const ledger = restored.get('embeddings')?.ledger;
    expect(ledger?.series.exportedLabels(0)).toEqual(['m', 'p']);
    expect(ledger?.totals[0]).toBe(42);
    expect(recoveries).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('keeps a disabled category in the file and continues it when it is enabled again', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const without = configWith({ embeddings: { enabled: false } });
    const away = harness(dir, { identity: identity(KEY, 'org-one') });
    expect([...(await away.keeper.load(without)).keys()]).not.toContain('embeddings');
    await away.keeper.save([moderations(without)]);
    await away.keeper.save([moderations(without)]);
    const back = harness(dir, { identity: identity(KEY, 'org-one') });
    const restored = await back.keeper.load(defaults);
    expect(restored.get('embeddings')?.ledger.totals[0]).toBe(42);
    expect(restored.get('embeddings')?.lastSuccess['1m']).toBe(T0 + 60);
    expect([...away.recoveries, ...back.recoveries, ...away.warnings, ...back.warnings]).toEqual([]);
  });

  it('continues behind another base URL (a proxy) with the same key', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const { keeper, recoveries, warnings } = harness(dir, {
      baseUrl: 'http://proxy.internal/v1',
      identity: identity(KEY, 'org-one'),
    });
    expect((await keeper.load(defaults)).get('embeddings')?.ledger.totals[0]).toBe(42);
    expect([...recoveries, ...warnings]).toEqual([]);
  });

  it('continues after the admin key was rotated within the same organization', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const rotated = identity('sk-admin-rotated-key', 'org-one');
    const { keeper, recoveries, warnings } = harness(dir, { identity: rotated });
    expect((await keeper.load(defaults)).get('embeddings')?.ledger.totals[0]).toBe(42);
    expect([...recoveries, ...warnings]).toEqual([]);
    expect(rotated.asked).toBe(1);
    await keeper.save([embeddings(defaults)]);
    expect(JSON.parse(readFileSync(statePath(dir), 'utf8')).identity.keyFingerprint).toBe(
      keyFingerprint('sk-admin-rotated-key'),
    );
  });

  it('does not wait for the upstream at start-up unless the key changed', async () => {
    const hanging: UpstreamIdentity = {
      keyFingerprint: keyFingerprint(KEY),
      organizationId: () => new Promise(() => {}),
    };
    const dir = freshDirectory();
    expect((await harness(dir, { identity: hanging }).keeper.load(defaults)).size).toBe(0);
    await savedBy(dir, defaults, identity(KEY));
    expect((await harness(dir, { identity: hanging }).keeper.load(defaults)).size).toBe(2);
  });

  it('saves a fingerprint of the key and the organization id, never the key itself', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const text = readFileSync(statePath(dir), 'utf8');
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text).identity).toEqual({
      keyFingerprint: keyFingerprint(KEY),
      organizationId: 'org-one',
    });
    expect(keyFingerprint(KEY)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('state across a real change of identity', () => {
  it('starts everything afresh for another organization, with one warning and nothing moved aside', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const { keeper, recoveries, warnings } = harness(dir, {
      identity: identity('sk-admin-other-org', 'org-two'),
    });
    expect((await keeper.load(defaults)).size).toBe(0);
    expect(recoveries).toEqual(['other_organization']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('organization changed: org-one -> org-two');
    expectNothingMovedAside(dir);
    await keeper.save([embeddings(defaults)]);
    expect(Object.keys(JSON.parse(readFileSync(statePath(dir), 'utf8')).categories)).toEqual(['embeddings']);
  });

  it('for a listed organization, refuses a key of another organization and keeps the saved counters', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const refusals: [string, string][] = [];
    const { keeper, recoveries } = harness(dir, {
      identity: identity('sk-admin-swapped-in', 'org-two'),
      refuseOtherOrganization: (saved, answered) => refusals.push([saved, answered]) > 0,
    });
    const restored = await keeper.load(defaults);
    expect(refusals).toEqual([['org-one', 'org-two']]);
    expect(restored.get('embeddings')?.ledger.totals[0]).toBe(42);
    expect(recoveries).toEqual([]);
    // What is saved next still belongs to the organization the counters came from.
    await keeper.save([embeddings(defaults), moderations(defaults)]);
    expect(JSON.parse(readFileSync(statePath(dir), 'utf8')).identity).toEqual({
      keyFingerprint: keyFingerprint(KEY),
      organizationId: 'org-one',
    });
  });

  it('starts only the category whose set of labels changed, naming the change once', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults);
    const regrouped = configWith({ embeddings: { groupBy: ['project_id'] } });
    const { keeper, recoveries, warnings } = harness(dir, { identity: identity(KEY, 'org-one') });
    const restored = await keeper.load(regrouped);
    expect([...restored.keys()]).toEqual(['moderations']);
    expect(recoveries).toEqual(['labels_changed']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('embeddings: group_by [project_id,model] -> [project_id]');
    expectNothingMovedAside(dir);
  });

  it('starts only the category whose filters changed, but not for a reordered filter list', async () => {
    const dir = freshDirectory();
    await savedBy(dir, configWith({ embeddings: { filters: { models: ['a', 'b'] } } }));
    const reordered = harness(dir, { identity: identity(KEY, 'org-one') });
    const same = await reordered.keeper.load(configWith({ embeddings: { filters: { models: ['b', 'a'] } } }));
    expect(same.has('embeddings')).toBe(true);
    expect(reordered.recoveries).toEqual([]);
    const changed = harness(dir, { identity: identity(KEY, 'org-one') });
    const restored = await changed.keeper.load(configWith({ embeddings: { filters: { models: ['a'] } } }));
    expect(restored.has('embeddings')).toBe(false);
    expect(changed.recoveries).toEqual(['filters_changed']);
    expect(changed.warnings[0]).toContain('filters of embeddings changed');
    expectNothingMovedAside(dir);
  });

  it('does not continue a file the previous release wrote for --demo in a real run', async () => {
    const dir = freshDirectory();
    const { keeper } = harness(dir, { baseUrl: 'demo' });
    await keeper.save([embeddings(defaults)]);
    const real = harness(dir, { identity: identity(KEY, 'org-one') });
    expect((await real.keeper.load(defaults)).size).toBe(0);
    expect(real.recoveries).toEqual(['other_organization']);
    expectNothingMovedAside(dir);
  });

  it('continues a file from before the identity block behind another base URL, with a warning', async () => {
    const dir = freshDirectory();
    const { keeper } = harness(dir);
    await keeper.save([embeddings(defaults)]);
    expect(JSON.parse(readFileSync(statePath(dir), 'utf8')).identity).toBeUndefined();
    const moved = harness(dir, { baseUrl: 'http://proxy.internal/v1', identity: identity(KEY, 'org-one') });
    expect((await moved.keeper.load(defaults)).get('embeddings')?.ledger.totals[0]).toBe(42);
    expect(moved.recoveries).toEqual([]);
    expect(moved.warnings).toHaveLength(1);
    expect(moved.warnings[0]).toContain('base URL changed');
    await moved.keeper.save([embeddings(defaults)]);
    expect(JSON.parse(readFileSync(statePath(dir), 'utf8')).identity.organizationId).toBe('org-one');
  });

  it('keeps counting when a changed key cannot be verified (no organization id), and says so', async () => {
    const dir = freshDirectory();
    await savedBy(dir, defaults, identity(KEY));
    const { keeper, recoveries, warnings } = harness(dir, { identity: identity('sk-admin-new-key') });
    expect((await keeper.load(defaults)).get('embeddings')?.ledger.totals[0]).toBe(42);
    expect(recoveries).toEqual([]);
    expect(warnings).toEqual([
      'admin key changed and the organization could not be verified; the saved counters continue',
    ]);
  });
});
