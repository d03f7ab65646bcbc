import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';

const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);
const source = { fetchBuckets: async () => ({ buckets: [] }) };

function exporterWith(args: string[], warnings: string[] = []) {
  const config = loadConfig(args, {}).config;
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { level: number; msg: string };
        if (entry.level >= 40) warnings.push(entry.msg);
      },
    },
  );
  return new Exporter({ config, source, logger, nowMs: () => NOW_MS });
}

describe('--estimate.enabled', () => {
  it('is on by default: the estimate families are served once the first bill was read', async () => {
    const exporter = exporterWith(['--categories=embeddings,costs']);
    expect(exporter.estimate).toBeDefined();
    await exporter.pollAll();
    expect(exporter.cache.plain.toString()).toContain(
      'openai_exporter_estimate_unmapped_line_items{organization="default"} 0',
    );
  });

  it('=false serves no estimate and keeps no estimate state', async () => {
    const exporter = exporterWith(['--categories=embeddings,costs', '--estimate.enabled=false']);
    expect(exporter.estimate).toBeUndefined();
    await exporter.pollAll();
    expect(exporter.cache.plain.toString()).not.toContain('estimate');
  });

  it('says once that only list prices are used when the costs grouping lacks line_item', async () => {
    const warnings: string[] = [];
    const exporter = exporterWith(['--categories=embeddings,costs', '--costs.group-by=project_id'], warnings);
    await exporter.pollAll();
    await exporter.pollAll();
    expect(warnings).toEqual([
      'the spend estimate uses list prices only: the costs are not grouped by line_item, so no prices are learned from the bill',
    ]);
  });
});
