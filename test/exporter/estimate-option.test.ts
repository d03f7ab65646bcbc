import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';

const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);
const source = { fetchBuckets: async () => ({ buckets: [] }) };

function exporterWith(args: string[]) {
  const config = loadConfig(args, {}).config;
  return new Exporter({ config, source, logger: pino({ level: 'silent' }), nowMs: () => NOW_MS });
}

describe('--estimate.enabled', () => {
  it('is on by default: the estimate families are served once the first bill was read', async () => {
    const exporter = exporterWith(['--categories=embeddings,costs']);
    expect(exporter.estimate).toBeDefined();
    await exporter.pollAll();
    expect(exporter.cache.plain.toString()).toContain('openai_exporter_estimate_unmapped_line_items 0');
  });

  it('=false serves no estimate and keeps no estimate state', async () => {
    const exporter = exporterWith(['--categories=embeddings,costs', '--estimate.enabled=false']);
    expect(exporter.estimate).toBeUndefined();
    await exporter.pollAll();
    expect(exporter.cache.plain.toString()).not.toContain('estimate');
  });
});
