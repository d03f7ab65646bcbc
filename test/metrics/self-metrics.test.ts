import { describe, expect, it } from 'vitest';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { parseExposition, type Sample } from '../support/exposition.js';

const build = { version: '1.2.3', revision: 'abc' };

async function samples(metrics: SelfMetrics, name: string): Promise<Sample[]> {
  return parseExposition(await metrics.render()).samples.filter((s) => s.name === name);
}

describe('the self-metrics', () => {
  it('give the names poller no bucket_width label at all rather than an empty one', async () => {
    const metrics = new SelfMetrics(build);
    const acme = metrics.organization('acme');
    acme.declarePoller('names', ['']);
    acme.pollFinished('names', '', true, 0.5, 1_800_000_000);
    const polls = await samples(metrics, 'openai_exporter_polls_total');
    expect(polls).toContainEqual({
      name: 'openai_exporter_polls_total',
      labels: { organization: 'acme', category: 'names', result: 'success' },
      value: 1,
    });
    expect(await samples(metrics, 'openai_exporter_last_success_timestamp_seconds')).toEqual([
      {
        name: 'openai_exporter_last_success_timestamp_seconds',
        labels: { organization: 'acme', category: 'names' },
        value: 1_800_000_000,
      },
    ]);
    expect(await metrics.render()).not.toContain('bucket_width=""');
  });

  it('leave out the time of the last state save until there has been one, per organization', async () => {
    const metrics = new SelfMetrics(build);
    const [acme, globex] = [metrics.organization('acme'), metrics.organization('globex')];
    const lastSave = () => samples(metrics, 'openai_exporter_state_last_save_timestamp_seconds');
    expect(await lastSave()).toEqual([]);
    acme.stateSaved(false, 1_800_000_000);
    expect(await lastSave()).toEqual([]);
    acme.stateSaved(true, 1_800_000_060);
    globex.stateSaved(false, 1_800_000_060);
    expect(await lastSave()).toEqual([
      {
        name: 'openai_exporter_state_last_save_timestamp_seconds',
        labels: { organization: 'acme' },
        value: 1_800_000_060,
      },
    ]);
  });

  it('label every per-organization series with its organization, first, and the build info with none', async () => {
    const metrics = new SelfMetrics(build);
    for (const name of ['acme', 'globex']) {
      const organization = metrics.organization(name);
      organization.declareCategory('completions', ['1m', '1d']);
      organization.upstreamResponse('completions', '200');
      organization.stateRecovered('labels_changed');
      organization.setBudgets([{ period: 'day', usd: 10 }]);
    }
    metrics.organization('acme').pollFinished('completions', '1m', false, 1, 1_800_000_000);
    const text = await metrics.render();
    const own = text.split('\n').filter((line) => line.startsWith('openai_'));
    for (const line of own) {
      if (line.startsWith('openai_exporter_build_info{')) expect(line).not.toContain('organization=');
      // prom-client writes a histogram bucket's `le` first; every other label set starts with it.
      else expect(line).toMatch(/^\w+\{(le="[^"]+",)?organization="(acme|globex)",/);
    }
    const failures = await samples(metrics, 'openai_exporter_poll_success');
    expect(failures.map((s) => [s.labels.organization, s.value])).toEqual([['acme', 0]]);
    const requests = await samples(metrics, 'openai_exporter_upstream_requests_total');
    expect(requests.map((s) => s.labels.organization)).toEqual(['acme', 'globex']);
  });

  it('replace one organization’s budgets without touching another’s', async () => {
    const metrics = new SelfMetrics(build);
    metrics.organization('acme').setBudgets([{ period: 'day', usd: 10 }]);
    metrics.organization('globex').setBudgets([{ period: 'month', usd: 300, projectId: 'proj_g' }]);
    metrics.organization('acme').setBudgets([{ period: 'month', usd: 200 }]);
    const budgets = await samples(metrics, 'openai_budget_usd');
    expect(budgets.map(({ labels, value }) => ({ ...labels, value }))).toEqual([
      { organization: 'globex', period: 'month', project_id: 'proj_g', value: 300 },
      { organization: 'acme', period: 'month', project_id: '', value: 200 },
    ]);
  });

  it('count folded label sets from each organization’s own running count', async () => {
    const metrics = new SelfMetrics(build);
    metrics.organization('acme').ledgerState('completions', { series: 5, folded: 3 });
    metrics.organization('globex').ledgerState('completions', { series: 5, folded: 2 });
    metrics.organization('acme').ledgerState('completions', { series: 5, folded: 4 });
    const folded = await samples(metrics, 'openai_exporter_folded_label_sets_total');
    expect(folded.map((s) => [s.labels.organization, s.value])).toEqual([
      ['acme', 4],
      ['globex', 2],
    ]);
  });

  it('report for the organization named default when used as one organization’s reporter', async () => {
    const metrics = new SelfMetrics(build);
    expect(metrics.organization('acme')).toBe(metrics.organization('acme'));
    metrics.malformed('costs');
    const malformed = await samples(metrics, 'openai_exporter_malformed_pages_total');
    expect(malformed).toEqual([
      {
        name: 'openai_exporter_malformed_pages_total',
        labels: { organization: 'default', category: 'costs' },
        value: 1,
      },
    ]);
  });
});
