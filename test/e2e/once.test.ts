import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { parseExposition, sumOf } from '../support/exposition.js';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';

let simulator: Simulator;
let upstream: RunningSimulator;

beforeAll(async () => {
  simulator = createSimulator({ seed: 3, finalizationDelaySeconds: 60 });
  upstream = await simulator.listen();
});

afterAll(async () => {
  killAll();
  await upstream.close();
});

const once = (storage: string) =>
  spawnExporter(
    [
      '--once',
      `--openai.base-url=${upstream.baseUrl}`,
      `--storage.path=${storage}`,
      '--log.level=error',
      '--openai.requests-per-second=100',
    ],
    {
      OPENAI_ADMIN_KEY: 'sk-admin-once',
    },
  );

describe('--once', () => {
  it('polls every category once, prints a valid exposition to stdout and exits 0', async () => {
    const run = once(tempDirectory('oue-once-'));
    expect(await run.exited).toBe(0);
    const parsed = parseExposition(run.stdout());
    expect(sumOf(parsed, 'openai_completions_input_tokens_total')).toBeGreaterThan(0);
    expect(sumOf(parsed, 'openai_cost_usd_total')).toBeGreaterThan(0);
    // Two widths for each of the ten usage categories, one for costs, the names and the limits.
    expect(sumOf(parsed, 'openai_exporter_poll_success')).toBe(23);
    expect(sumOf(parsed, 'openai_project_info')).toBe(simulator.organization.projects.length);
  }, 30_000);

  it('exits non-zero when a category failed, still printing what it has', async () => {
    simulator.faults.inject({ kind: 'status', status: 403, pathPrefix: 'organization/usage/images' });
    try {
      const run = once(tempDirectory('oue-once-'));
      expect(await run.exited).toBe(1);
      const parsed = parseExposition(run.stdout());
      expect(sumOf(parsed, 'openai_exporter_poll_success', { category: 'images' })).toBe(0);
      expect(sumOf(parsed, 'openai_embeddings_input_tokens_total')).toBeGreaterThan(0);
    } finally {
      simulator.faults.clear();
    }
  }, 30_000);
});
