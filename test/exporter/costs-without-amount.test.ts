import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { UsageClient } from '../../src/openai/index.js';
import { parseExposition } from '../support/exposition.js';

const NOW_MS = Date.UTC(2026, 10, 20, 15, 0, 17);

let simulator: Simulator;
let upstream: RunningSimulator;
beforeAll(async () => {
  simulator = createSimulator({ seed: 4, now: () => NOW_MS });
  upstream = await simulator.listen();
});
afterAll(() => upstream.close());

describe('costs results without an amount', () => {
  it('fail no poll: the quantity still counts, and the amounts count once they are sent again', async () => {
    const { config } = loadConfig(['--categories=costs', '--names.enabled=false'], {});
    const source = new UsageClient({ baseUrl: upstream.baseUrl, adminKey: 'sk-admin-no-amount' });
    const exporter = new Exporter({ config, source, logger: pino({ level: 'silent' }), nowMs: () => NOW_MS });
    const sum = (name: string) =>
      parseExposition(exporter.cache.plain.toString())
        .samples.filter((s) => s.name === name)
        .reduce((total, s) => total + s.value, 0);

    simulator.faults.inject({ kind: 'drop-cost-amount', pathPrefix: 'organization/costs' });
    expect(await exporter.pollAll()).toBe(true);
    expect(sum('openai_cost_quantity_total')).toBeGreaterThan(0);
    expect(sum('openai_cost_usd_total')).toBe(0);
    expect(sum('openai_exporter_malformed_pages_total')).toBe(0);

    simulator.faults.clear();
    expect(await exporter.pollAll()).toBe(true);
    expect(sum('openai_cost_usd_total')).toBeGreaterThan(0);
  });
});
