import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { CategoryPoller } from '../../src/poller/category-poller.js';
import { STATE_FILE_NAME, statePath } from '../../src/state/state-file.js';
import { StateKeeper } from '../../src/state/state-keeper.js';

const config = loadConfig([], {}).config;
const logger = pino({ level: 'silent' });
const T0 = 1_790_000_000 - (1_790_000_000 % 3600);

class Recorder {
  saves: boolean[] = [];
  recoveries: string[] = [];
  stateSaved(ok: boolean) {
    this.saves.push(ok);
  }
  stateRecovered(reason: string) {
    this.recoveries.push(reason);
  }
}

function embeddingsPoller(): CategoryPoller {
  const ledger = new CategoryLedger(categoryLayout('embeddings', ['project_id', 'model'], 100));
  ledger.ingest(
    '1m',
    [{ startTime: T0, endTime: T0 + 60, rows: [{ labels: ['p', 'm'], values: [42, 2] }] }],
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
  const poller = new CategoryPoller(
    CATEGORIES.embeddings,
    config.categories.embeddings,
    ledger,
    source,
    settings,
    reporter,
    logger,
    () => T0 * 1000,
  );
  poller.progress['1m'] = { attempted: true, lastSuccess: T0 + 60 };
  return poller;
}

const directories: string[] = [];
function freshDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oue-state-'));
  directories.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of directories.splice(0)) chmodSync(dir, 0o700);
});

describe('the state keeper', () => {
  it('restores counters, ledgers and poll progress exactly as saved', async () => {
    const dir = freshDirectory();
    const recorder = new Recorder();
    const keeper = new StateKeeper(dir, 'http://upstream/v1', recorder, logger, () => T0 * 1000);
    await keeper.save([embeddingsPoller()]);
    expect(recorder.saves).toEqual([true]);
    const restored = await keeper.load(config);
    const embeddings = restored.get('embeddings');
    expect(embeddings?.ledger.totals[0]).toBe(42);
    expect(embeddings?.lastSuccess['1m']).toBe(T0 + 60);
    expect(readdirSync(dir)).toEqual([STATE_FILE_NAME]);
  });

  it.each([
    ['corrupt', '{"version":1,"categ', 'corrupt'],
    [
      'truncated',
      JSON.stringify({ version: 1, savedAt: 1, baseUrl: 'x', categories: {} }).slice(0, 30),
      'corrupt',
    ],
    ['empty', '', 'empty'],
    [
      'future-version',
      JSON.stringify({ version: 99, savedAt: 1, baseUrl: 'x', categories: {} }),
      'future_version',
    ],
    ['non-object', '[1,2,3]', 'corrupt'],
  ])('moves a %s state file aside, counts it, and starts fresh', async (_kind, content, reason) => {
    const dir = freshDirectory();
    writeFileSync(statePath(dir), content);
    const recorder = new Recorder();
    const keeper = new StateKeeper(dir, 'http://upstream/v1', recorder, logger, () => T0 * 1000);
    const restored = await keeper.load(config);
    expect(restored.size).toBe(0);
    expect(recorder.recoveries).toEqual([reason]);
    expect(existsSync(statePath(dir))).toBe(false);
    const aside = readdirSync(dir).filter((name) => name.startsWith(`${STATE_FILE_NAME}.${reason}-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe(content);
  });

  it('starts one category fresh when its saved ledger is unusable, keeping the others', async () => {
    const dir = freshDirectory();
    const keeper = new StateKeeper(dir, 'http://upstream/v1', new Recorder(), logger, () => T0 * 1000);
    await keeper.save([embeddingsPoller()]);
    const saved = JSON.parse(readFileSync(statePath(dir), 'utf8'));
    saved.categories.moderations = { ledger: { category: 'moderations', garbage: true }, lastSuccess: {} };
    writeFileSync(statePath(dir), JSON.stringify(saved));
    const recorder = new Recorder();
    const restored = await new StateKeeper(dir, 'http://upstream/v1', recorder, logger, () => T0 * 1000).load(
      config,
    );
    expect([...restored.keys()]).toEqual(['embeddings']);
    expect(recorder.recoveries).toEqual(['category_mismatch']);
  });

  it.each([
    ['null', null],
    ['a number', 7],
    ['filters that are not an object', 'filters'],
  ])('starts one category fresh when its saved entry is %s, keeping the others', async (_kind, entry) => {
    const dir = freshDirectory();
    const keeper = new StateKeeper(dir, 'http://upstream/v1', new Recorder(), logger, () => T0 * 1000);
    await keeper.save([embeddingsPoller()]);
    const saved = JSON.parse(readFileSync(statePath(dir), 'utf8'));
    saved.categories.moderations =
      entry === 'filters' ? { ...structuredClone(saved.categories.embeddings), filters: 'models' } : entry;
    if (entry === 'filters') saved.categories.moderations.ledger.category = 'moderations';
    writeFileSync(statePath(dir), JSON.stringify(saved));
    const recorder = new Recorder();
    const restored = await new StateKeeper(dir, 'http://upstream/v1', recorder, logger, () => T0 * 1000).load(
      config,
    );
    expect(restored.has('embeddings')).toBe(true);
    expect(restored.has('moderations')).toBe(entry === 'filters');
    expect(recorder.recoveries).toEqual(entry === 'filters' ? [] : ['category_mismatch']);
  });

  it('moves an unreadable state file aside (here: a directory in its place) and starts fresh', async () => {
    const dir = freshDirectory();
    mkdirSync(statePath(dir));
    const recorder = new Recorder();
    const restored = await new StateKeeper(dir, 'http://upstream/v1', recorder, logger, () => T0 * 1000).load(
      config,
    );
    expect(restored.size).toBe(0);
    expect(recorder.recoveries).toEqual(['unreadable']);
    expect(existsSync(statePath(dir))).toBe(false);
  });

  it('counts a failed save on an unwritable state path and keeps going, succeeding once it is writable', async () => {
    const parent = freshDirectory();
    const blocked = join(parent, 'not-a-directory');
    writeFileSync(blocked, 'a file where the state directory should be');
    const recorder = new Recorder();
    const keeper = new StateKeeper(blocked, 'http://upstream/v1', recorder, logger, () => T0 * 1000);
    await keeper.save([embeddingsPoller()]);
    expect(recorder.saves).toEqual([false]);
    const ok = new StateKeeper(
      join(parent, 'state'),
      'http://upstream/v1',
      recorder,
      logger,
      () => T0 * 1000,
    );
    await ok.save([embeddingsPoller()]);
    expect(recorder.saves).toEqual([false, true]);
  });
});
