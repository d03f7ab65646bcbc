import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { ExporterConfig } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { Estimator } from '../../src/pricing/estimator.js';
import { statePath } from '../../src/state/state-file.js';
import { StateKeeper } from '../../src/state/state-keeper.js';
import { parseExposition } from '../support/exposition.js';

// The state file with the estimate section (test/fixtures/state/v1-estimate.state.json, see the
// README there): the estimate priced the completions hours, then the minutes after them were
// ingested and saved before it looked. A restart serves the saved estimate, then prices exactly
// the growth it had not priced; earlier formats start new estimate series and recount nothing.

const SAVED_AT = 1_790_141_400;
const defaults = loadConfig([], {}).config;
const logger = pino({ level: 'silent' });
const fixture = (name: string) => new URL(`../fixtures/state/${name}`, import.meta.url);

async function restart(name: string, config: ExporterConfig = defaults) {
  const dir = mkdtempSync(join(tmpdir(), 'oue-estimate-fixture-'));
  copyFileSync(fixture(name), statePath(dir));
  const recoveries: string[] = [];
  const reporter = { stateSaved() {}, stateRecovered: (reason: string) => recoveries.push(reason) };
  const keeper = new StateKeeper(dir, 'https://api.openai.com/v1', reporter, logger, () => SAVED_AT * 1000);
  const restored = await keeper.load(config);
  const exporter = new Exporter({
    config,
    source: { fetchBuckets: async () => ({ buckets: [] }) },
    logger,
    nowMs: () => SAVED_AT * 1000,
    restored,
    savedEstimate: keeper.estimateSection,
  });
  await exporter.renderAll();
  const served = () =>
    Object.fromEntries(
      parseExposition(exporter.cache.plain.toString())
        .samples.filter((s) => s.name === 'openai_cost_estimated_usd_total')
        .map((s) => [s.labels.project_id, s.value]),
    );
  /** The costs poller's look: reads the bill, then prices the growth that waited for it. */
  const readBill = async () => {
    const costs = exporter.pollers.find((poller) => poller.spec === CATEGORIES.costs);
    if (costs === undefined) throw new Error('no costs poller');
    await exporter.afterPoll(costs, false);
  };
  return { exporter, restored, recoveries, served, readBill };
}

/** What an estimate that was never interrupted gives for the fixture's completions ledger. */
async function uninterrupted(): Promise<Record<string, number>> {
  const { restored } = await restart('v1-estimate.state.json');
  const ledger = restored.get('completions')?.ledger;
  if (ledger === undefined) throw new Error('no completions ledger');
  const estimator = new Estimator();
  estimator.track(ledger, 'fresh', SAVED_AT);
  estimator.withoutBill();
  estimator.observe(ledger, SAVED_AT);
  return Object.fromEntries(estimator.spend.map((s) => [s.projectId, s.usd]));
}

describe('a state file with the estimate section', () => {
  it('serves the saved estimate before the first poll, with no recovery', async () => {
    const { served, recoveries } = await restart('v1-estimate.state.json');
    expect(served()).toEqual({ proj_a: 0.017825, proj_b: 0.000273 });
    expect(recoveries).toEqual([]);
  });

  it('then prices exactly the growth the estimate had not looked at', async () => {
    const { served, readBill } = await restart('v1-estimate.state.json');
    await readBill();
    const expected = await uninterrupted();
    expect(Object.keys(served()).sort()).toEqual(Object.keys(expected).sort());
    for (const [project, usd] of Object.entries(expected)) {
      expect(served()[project]).toBeCloseTo(usd, 12);
      expect(usd).toBeGreaterThan(0);
    }
    expect(served().proj_a).toBeGreaterThan(0.017825);
  });

  it('continues the same way under an equivalent configuration (group_by reordered)', async () => {
    const reordered: ExporterConfig = {
      ...defaults,
      categories: {
        ...defaults.categories,
        completions: { ...defaults.categories.completions, groupBy: ['model', 'batch', 'project_id'] },
      },
    };
    const { served, readBill, recoveries } = await restart('v1-estimate.state.json', reordered);
    await readBill();
    const expected = await uninterrupted();
    for (const [project, usd] of Object.entries(expected)) expect(served()[project]).toBeCloseTo(usd, 12);
    expect(recoveries).toEqual([]);
  });
});

describe.each(['v1-first-encoding.state.json', 'v1-columnar.state.json'])(
  'a state file without the estimate section (%s)',
  (name) => {
    it('starts the estimate at the restored counters: no series, nothing recounted', async () => {
      const { served, readBill, recoveries } = await restart(name);
      expect(served()).toEqual({});
      await readBill();
      expect(served()).toEqual({});
      expect(recoveries).toEqual([]);
    });
  },
);
