// The Prometheus configuration docs/organizations.md gives for migrating from one exporter per
// organization, checked by promtool as a user would load it.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { promtool } from '../grafana/promtool.js';

const doc = readFileSync(new URL('../../docs/organizations.md', import.meta.url), 'utf8');

/** YAML blocks, list indentation removed. */
const yamlBlocks = [...doc.matchAll(/^( *)```yaml\n([\s\S]*?)^ *```/gm)].map((match) => {
  const indent = (match[1] ?? '').length;
  return (match[2] ?? '')
    .split('\n')
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join('\n');
});

interface ScrapeConfig {
  readonly job_name: string;
  readonly metric_relabel_configs?: readonly { target_label?: string; replacement?: string }[];
}

const prometheusConfigs = yamlBlocks.filter((block) => /^scrape_configs:/m.test(block));

describe('the migration snippet of docs/organizations.md', () => {
  it('is one Prometheus configuration', () => {
    expect(prometheusConfigs).toHaveLength(1);
  });

  it('passes promtool check config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oue-organizations-doc-'));
    writeFileSync(join(dir, 'prometheus.yml'), prometheusConfigs[0] ?? '');
    const result = await promtool(['check', 'config', 'prometheus.yml'], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('sets organization on every old job, and leaves the new exporter its own labels', () => {
    const jobs = (parse(prometheusConfigs[0] ?? '') as { scrape_configs: ScrapeConfig[] }).scrape_configs;
    const old = jobs.filter((job) => job.metric_relabel_configs !== undefined);
    expect(old.length).toBeGreaterThanOrEqual(2);
    for (const job of old) {
      const set = job.metric_relabel_configs?.find((rule) => rule.target_label === 'organization');
      expect(set?.replacement, job.job_name).toMatch(/^[a-z0-9_-]+$/);
    }
    expect(jobs.filter((job) => job.metric_relabel_configs === undefined)).toHaveLength(1);
  });
});
