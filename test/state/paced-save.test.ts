import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket } from '../../src/domain/bucket.js';
import type { Pacing } from '../../src/domain/pacing.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { CategoryPoller } from '../../src/poller/category-poller.js';
import { STATE_FILE_NAME, statePath } from '../../src/state/state-file.js';
import { StateKeeper } from '../../src/state/state-keeper.js';

const config = loadConfig([], {}).config;
const logger = pino({ level: 'silent' });
const T0 = 1_790_000_000 - (1_790_000_000 % 3600);
const BASE_URL = 'http://upstream/v1';

function minute(start: number, sets: number, tokens: number): Bucket {
  const rows = Array.from({ length: sets }, (_, i) => ({
    labels: [`proj_${i}`, 'm'],
    values: [tokens + i, 1],
  }));
  return { startTime: start, endTime: start + 60, rows };
}

function poller(): CategoryPoller {
  const ledger = new CategoryLedger(categoryLayout('embeddings', ['project_id', 'model'], 5000));
  ledger.ingest('1m', [minute(T0, 3000, 10)], T0 + 60);
  const settings = {
    minuteWindowSeconds: 3600,
    hourWindowSeconds: 86400,
    settleDays: 2,
    backfillMaxSeconds: 604800,
  };
  const result = new CategoryPoller(
    CATEGORIES.embeddings,
    config.categories.embeddings,
    ledger,
    { fetchBuckets: async () => ({ buckets: [] }) },
    settings,
    { pollFinished() {}, downward() {}, malformed() {} },
    logger,
    () => T0 * 1000,
  );
  result.progress['1m'] = { attempted: true, lastSuccess: T0 + 60 };
  return result;
}

/** The file a synchronous JSON.stringify of the state would have written at this instant. */
function stringified(p: CategoryPoller): string {
  return JSON.stringify({
    version: 1,
    savedAt: T0,
    baseUrl: BASE_URL,
    categories: {
      embeddings: { ledger: p.ledger.snapshot(), lastSuccess: { '1m': p.progress['1m']?.lastSuccess } },
    },
  });
}

/** Gives the loop a turn after every piece and runs `turn` there, as a poll would. */
function interleaved(turn: (count: number) => void): Pacing & { turns: () => number } {
  let turns = 0;
  let clock = 0;
  return {
    sliceMs: 1,
    now: () => (clock += 1),
    yieldToLoop: async () => {
      turns += 1;
      turn(turns);
    },
    turns: () => turns,
  };
}

const keeperIn = (dir: string, saves: boolean[], pacing?: Pacing) =>
  new StateKeeper(
    dir,
    BASE_URL,
    { stateSaved: (ok) => void saves.push(ok), stateRecovered() {} },
    logger,
    () => T0 * 1000,
    undefined,
    pacing,
  );

describe('a save that takes many turns of the event loop', () => {
  it('writes the ledgers and poll progress of one instant, while polls ingest in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oue-paced-'));
    const p = poller();
    // Every instant the save could have captured: before it, and after each turn of the loop.
    const instants = [stringified(p)];
    const pacing = interleaved((turn) => {
      if (turn > 12) return;
      p.ledger.ingest(
        '1m',
        [minute(T0, 3000 + 100 * turn, 100 * turn), minute(T0 + 60, 200, turn)],
        T0 + 180,
      );
      p.progress['1m'] = { attempted: true, lastSuccess: T0 + 120 + turn };
      instants.push(stringified(p));
    });
    const saves: boolean[] = [];
    await keeperIn(dir, saves, pacing).save([p]);
    expect(saves).toEqual([true]);
    expect(pacing.turns()).toBeGreaterThan(12);
    const written = readFileSync(statePath(dir), 'utf8');
    expect(instants).toContain(written);
    // Polls went on while the file was being written: it is not simply the newest state.
    expect(written).not.toBe(instants.at(-1));
    const restored = await keeperIn(dir, []).load(config);
    expect(JSON.stringify(restored.get('embeddings')?.ledger.snapshot())).toBe(
      JSON.stringify(JSON.parse(written).categories.embeddings.ledger),
    );
  });

  it('has the state of a poll that asked to be saved meanwhile on disk before either save resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oue-paced-'));
    const p = poller();
    let later: Promise<void> | undefined;
    let afterPoll = '';
    const saves: boolean[] = [];
    const keeper = keeperIn(
      dir,
      saves,
      interleaved((turn) => {
        if (turn !== 6) return;
        p.ledger.ingest('1m', [minute(T0, 3000, 50)], T0 + 120);
        p.progress['1m'] = { attempted: true, lastSuccess: T0 + 120 };
        afterPoll = stringified(p);
        later = keeper.save([p]);
      }),
    );
    await keeper.save([p]);
    expect(later).toBeDefined();
    expect(saves).toEqual([true, true]);
    expect(readFileSync(statePath(dir), 'utf8')).toBe(afterPoll);
    await later;
  });

  it('keeps the previous file, and leaves no temporary one, when it fails halfway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oue-paced-'));
    const p = poller();
    await keeperIn(dir, []).save([p]);
    const previous = readFileSync(statePath(dir), 'utf8');
    p.ledger.ingest('1m', [minute(T0, 3000, 70)], T0 + 120);
    const saves: boolean[] = [];
    const failing = interleaved((turn) => {
      if (turn === 8) throw new Error('disk went away');
    });
    await keeperIn(dir, saves, failing).save([p]);
    expect(saves).toEqual([false]);
    expect(readFileSync(statePath(dir), 'utf8')).toBe(previous);
    expect(readdirSync(dir)).toEqual([STATE_FILE_NAME]);
  });
});
