import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ExporterConfig } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { keyFingerprint } from '../../src/state/identity.js';
import { STATE_FILE_NAME, statePath } from '../../src/state/state-file.js';
import { StateKeeper } from '../../src/state/state-keeper.js';

// Every state format an earlier release wrote continues with no reset: the same counters, the same
// buckets still settling, no recovery and no warning. The fixtures were written by those releases
// (see test/fixtures/state/README.md); both hold the same ledgers in the two ledger encodings.

const FIXTURES = ['v1-first-encoding.state.json', 'v1-columnar.state.json'] as const;
const SAVED_AT = 1_790_141_400;
const fixture = (name: string) => new URL(`../fixtures/state/${name}`, import.meta.url);
const defaults = loadConfig([], {}).config;

async function load(name: string, config: ExporterConfig = defaults) {
  const dir = mkdtempSync(join(tmpdir(), 'oue-fixture-'));
  copyFileSync(fixture(name), statePath(dir));
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
  const identity = {
    keyFingerprint: keyFingerprint('sk-admin-upgraded'),
    organizationId: async () => 'org-x',
  };
  const keeper = new StateKeeper(
    dir,
    'https://api.openai.com/v1',
    reporter,
    logger,
    () => SAVED_AT * 1000,
    identity,
  );
  const restored = await keeper.load(config);
  return { dir, keeper, restored, recoveries, warnings, logger };
}

describe.each(FIXTURES)('a state file of an earlier release (%s)', (name) => {
  it('restores every category with no recovery and no warning', async () => {
    const { dir, restored, recoveries, warnings } = await load(name);
    expect([...restored.keys()].sort()).toEqual(['completions', 'costs', 'vector_stores']);
    expect(restored.get('completions')?.lastSuccess).toEqual({
      '1m': SAVED_AT - 30,
      '1h': SAVED_AT - 30,
      '1d': SAVED_AT - 30,
    });
    expect([...recoveries, ...warnings]).toEqual([]);
    expect(readdirSync(dir)).toEqual([STATE_FILE_NAME]);
  });

  it('serves the saved counters before the first poll', async () => {
    const { restored, logger } = await load(name);
    const source = { fetchBuckets: async () => ({ buckets: [] }) };
    const exporter = new Exporter({
      config: defaults,
      source,
      logger,
      nowMs: () => SAVED_AT * 1000,
      restored,
    });
    await exporter.renderAll();
    const text = exporter.cache.plain.toString();
    // Saved before the organization label: the same series, with organization="default" added.
    expect(text).toContain(
      'openai_completions_input_tokens_total{organization="default",project_id="proj_a",model="gpt-4o-2024-08-06",batch="false"} 4340',
    );
    expect(text).toContain(
      'openai_completions_requests_total{organization="default",project_id="proj_b",model="gpt-4o-mini",batch="true"} 30',
    );
    expect(text).toContain(
      'openai_cost_usd_total{organization="default",project_id="proj_a",line_item="gpt-4o-2024-08-06, input"} 6.75',
    );
  });

  it('holds exactly the ledgers the current release would have written', async () => {
    const { restored } = await load(name);
    const current = JSON.parse(readFileSync(fixture('v1-columnar.state.json'), 'utf8'));
    const snapshot = (id: 'completions' | 'costs' | 'vector_stores') =>
      JSON.parse(JSON.stringify(restored.get(id)?.ledger.snapshot()));
    expect(snapshot('completions')).toEqual(current.categories.completions.ledger);
    // Costs gained the credits field since: it starts unseen at zero, the saved fields are kept as they were.
    const costs = snapshot('costs');
    expect(costs.fields).toEqual([...current.categories.costs.ledger.fields, 'credits']);
    expect(withoutField(costs, 'credits')).toEqual(current.categories.costs.ledger);
    expect(fieldColumn(costs, 'credits').every((value) => value === 0)).toBe(true);
    // A category of gauges only has no counter values to keep (the first encoding kept empty rows).
    const { gauges, series, totals } = snapshot('vector_stores');
    const expected = current.categories.vector_stores.ledger;
    expect({ gauges, series, totals }).toEqual({
      gauges: expected.gauges,
      series: expected.series,
      totals: expected.totals,
    });
  });

  it('continues with a reordered group_by after the upgrade', async () => {
    const reordered: ExporterConfig = {
      ...defaults,
      categories: {
        ...defaults.categories,
        completions: { ...defaults.categories.completions, groupBy: ['model', 'batch', 'project_id'] },
      },
    };
    const { restored, recoveries, warnings } = await load(name, reordered);
    const ledger = restored.get('completions')?.ledger;
    expect(ledger?.series.exportedLabels(0)).toEqual(['gpt-4o-2024-08-06', 'false', 'proj_a']);
    expect(ledger?.totals[0]).toBe(4340);
    expect([...recoveries, ...warnings]).toEqual([]);
  });

  it('is rewritten with an identity block that the next start continues from', async () => {
    const { dir, keeper, restored } = await load(name);
    expect(restored.size).toBe(3);
    const saved = JSON.parse(readFileSync(statePath(dir), 'utf8'));
    expect(saved.identity).toBeUndefined();
    // Saving needs pollers; an exporter built on the restored ledgers provides them.
    const source = { fetchBuckets: async () => ({ buckets: [] }) };
    const logger = pino({ level: 'silent' });
    const exporter = new Exporter({
      config: defaults,
      source,
      logger,
      nowMs: () => SAVED_AT * 1000,
      restored,
    });
    await keeper.save(exporter.pollers);
    const rewritten = JSON.parse(readFileSync(statePath(dir), 'utf8'));
    expect(rewritten.identity).toEqual({
      keyFingerprint: keyFingerprint('sk-admin-upgraded'),
      organizationId: 'org-x',
    });
    expect(rewritten.version).toBe(1);
    expect(rewritten.categories.completions.ledger.totals[0]).toBe(4340);
    expect(rewritten.categories.completions.filters).toEqual({});
  });
});

interface CostsLedgerJson {
  fields: string[];
  fieldSeen: number[];
  totals: number[];
  settled: { floor: number | null; buckets: [number, number[], number[]][] };
  [key: string]: unknown;
}

/** The values of one field across totals and day buckets (costs keeps every field as a counter). */
function fieldColumn(ledger: CostsLedgerJson, name: string): number[] {
  const index = ledger.fields.indexOf(name);
  const stride = ledger.fields.length;
  const column = (values: number[]) => values.filter((_, i) => i % stride === index);
  return [...column(ledger.totals), ...ledger.settled.buckets.flatMap(([, , values]) => column(values))];
}

/** The ledger as a release without that field would have written it. */
function withoutField(ledger: CostsLedgerJson, name: string): CostsLedgerJson {
  const index = ledger.fields.indexOf(name);
  const stride = ledger.fields.length;
  const drop = (values: number[]) => values.filter((_, i) => i % stride !== index);
  return {
    ...ledger,
    fields: ledger.fields.filter((field) => field !== name),
    fieldSeen: ledger.fieldSeen.filter((_, i) => i !== index),
    totals: drop(ledger.totals),
    settled: {
      ...ledger.settled,
      buckets: ledger.settled.buckets.map(([start, slots, values]) => [start, slots, drop(values)]),
    },
  };
}
