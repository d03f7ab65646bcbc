import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { UsageClient } from '../../src/openai/index.js';
import { parseExposition } from '../support/exposition.js';

const NOW_MS = Date.UTC(2026, 10, 20, 15, 0, 17);
const fields = CATEGORIES.completions.fields;
const optional = fields.filter((f) => !f.required).map((f) => f.metric);
const required = fields.filter((f) => f.required).map((f) => f.metric);

let simulator: Simulator;
let upstream: RunningSimulator;
beforeAll(async () => {
  simulator = createSimulator({ seed: 9, now: () => NOW_MS });
  upstream = await simulator.listen();
});
afterAll(() => upstream.close());

/** The completions families one poll of each width exports. */
async function exportedFamilies(): Promise<Set<string>> {
  const { config } = loadConfig(['--categories=completions', '--names.enabled=false'], {});
  const source = new UsageClient({ baseUrl: upstream.baseUrl, adminKey: 'sk-admin-optional' });
  const exporter = new Exporter({ config, source, logger: pino({ level: 'silent' }), nowMs: () => NOW_MS });
  expect(await exporter.pollAll()).toBe(true);
  const parsed = parseExposition(exporter.cache.plain.toString());
  return new Set(parsed.samples.map((s) => s.name).filter((name) => name.startsWith('openai_completions_')));
}

describe('the completions token breakdown', () => {
  it('is exported, field by field, when the upstream sends it', async () => {
    expect(optional).toContain('openai_completions_input_cache_write_tokens_total');
    expect(await exportedFamilies()).toEqual(new Set([...required, ...optional]));
  });

  it('is left unexported when the upstream leaves it out, while the required totals still count', async () => {
    simulator.faults.inject({ kind: 'drop-optional-fields', pathPrefix: 'organization/usage/completions' });
    try {
      expect(await exportedFamilies()).toEqual(new Set(required));
    } finally {
      simulator.faults.clear();
    }
  });
});
