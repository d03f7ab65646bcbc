// A user who copies the README's Prometheus snippet and loads the shipped rules must see no
// alert against a healthy exporter, whatever the snippet names its job.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  fetchText,
  freePort,
  killAll,
  type RunningPrometheus,
  spawnExporter,
  startPrometheusWithConfig,
  tempDirectory,
  waitFor,
} from '../support/processes.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const RULES = new URL('../../grafana/rules/openai-usage-exporter.rules.yml', import.meta.url);
const README_TARGET = 'localhost:9863';

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  static_configs: { targets: string[] }[];
}

/** The README's first YAML block with scrape_configs: what a user copies into prometheus.yml. */
function readmeScrapeConfigs(): ScrapeConfig[] {
  const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  const snippet = blocks.find((block) => block.includes('scrape_configs:'));
  if (snippet === undefined) throw new Error('the README has no Prometheus snippet');
  return (parse(snippet) as { scrape_configs: ScrapeConfig[] }).scrape_configs;
}

/** The shipped rules with every group evaluated at the global (test) interval. */
function rulesEvaluatedEverySecond(dir: string): string {
  const rules = parse(readFileSync(RULES, 'utf8')) as { groups: { interval?: string }[] };
  for (const group of rules.groups) delete group.interval;
  const path = join(dir, 'rules.yml');
  writeFileSync(path, stringify(rules));
  return path;
}

interface RulesApiGroup {
  readonly name: string;
  readonly lastEvaluation: string;
  readonly rules: { readonly type: string; readonly name: string; readonly state?: string }[];
}

async function ruleGroups(prometheus: RunningPrometheus): Promise<RulesApiGroup[]> {
  const response = await fetch(`${prometheus.url}/api/v1/rules`);
  return ((await response.json()) as { data: { groups: RulesApiGroup[] } }).data.groups;
}

let prometheus: RunningPrometheus | undefined;
let jobName = '';

beforeAll(async () => {
  const port = await freePort();
  const target = `127.0.0.1:${port}`;
  spawnExporter([
    '--demo',
    `--web.listen-address=${target}`,
    `--storage.path=${tempDirectory('oue-readme-')}`,
  ]);
  await waitFor('the demo exporter to be ready', async () =>
    (await fetchText(`http://${target}/-/ready`)).status === 200 ? true : undefined,
  );
  const scrapeConfigs = readmeScrapeConfigs().map((job) => ({
    ...job,
    scrape_interval: '1s',
    static_configs: job.static_configs.map((group) => ({
      targets: group.targets.map((t) => (t === README_TARGET ? target : t)),
    })),
  }));
  jobName = scrapeConfigs[0]?.job_name ?? '';
  prometheus = await startPrometheusWithConfig({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [rulesEvaluatedEverySecond(tempDirectory('oue-readme-rules-'))],
    scrape_configs: scrapeConfigs,
  });
  const running = prometheus;
  await waitFor('Prometheus to scrape the exporter', async () =>
    (await running.query(`up{job="${jobName}"} == 1`)).length > 0 ? true : undefined,
  );
  // Every group evaluated at least twice more after the first successful scrape.
  const scraped = Date.now();
  await waitFor('two more rule evaluations', async () =>
    (await ruleGroups(running)).every((group) => Date.parse(group.lastEvaluation) > scraped + 2000)
      ? true
      : undefined,
  );
}, 120_000);

afterAll(async () => {
  killAll();
  await prometheus?.stop();
});

describe("the README's Prometheus snippet with the shipped rules", () => {
  it('scrapes the exporter on the port the quick start uses', () => {
    expect(README).toContain(README_TARGET);
    expect(jobName).not.toBe('');
  });

  it('leaves no alert pending or firing against a healthy exporter', async () => {
    const groups = await ruleGroups(prometheus as RunningPrometheus);
    const alerts = groups.flatMap((group) => group.rules).filter((rule) => rule.type === 'alerting');
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    const active = alerts
      .filter((rule) => rule.state !== 'inactive')
      .map((rule) => `${rule.name}: ${rule.state}`);
    expect(active).toEqual([]);
  });
});
