import { describe, expect, it } from 'vitest';
import { renderEstimate } from '../../src/metrics/estimate-renderer.js';
import { parseExposition } from '../support/exposition.js';

describe('the estimate exposition', () => {
  it('has the contracted names and labels, and no ratio series for a day without a bill', () => {
    const text = renderEstimate(
      {
        spend: [{ projectId: 'proj_a', model: 'gpt-4o', usd: 1.5 }],
        unpriced: [{ category: 'completions', field: 'input_tokens', model: '__other__', units: 7 }],
        prices: [{ model: 'gpt-4o', kind: 'batch input', source: 'billed', price: 1.25e-6 }],
        ratios: new Map([
          ['', 0.98],
          ['proj_a', 1.01],
        ]),
        unmappedLineItems: 1,
      },
      'acme',
    );
    const samples = parseExposition(text).samples.map(({ name, labels, value }) => ({ name, labels, value }));
    expect(samples).toEqual([
      {
        name: 'openai_cost_estimated_usd_total',
        labels: { organization: 'acme', project_id: 'proj_a', model: 'gpt-4o' },
        value: 1.5,
      },
      {
        name: 'openai_cost_estimated_unpriced_total',
        labels: { organization: 'acme', category: 'completions', field: 'input_tokens', model: '__other__' },
        value: 7,
      },
      {
        name: 'openai_price_usd',
        labels: { organization: 'acme', model: 'gpt-4o', kind: 'batch input', source: 'billed' },
        value: 1.25e-6,
      },
      { name: 'openai_cost_estimate_ratio', labels: { organization: 'acme', project_id: '' }, value: 0.98 },
      {
        name: 'openai_cost_estimate_ratio',
        labels: { organization: 'acme', project_id: 'proj_a' },
        value: 1.01,
      },
      { name: 'openai_exporter_estimate_unmapped_line_items', labels: { organization: 'acme' }, value: 1 },
    ]);
    expect(text).toContain('# TYPE openai_cost_estimated_usd_total counter\n');
    expect(text).toContain('# TYPE openai_cost_estimate_ratio gauge\n');
    const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    for (const line of lines) expect(line).toMatch(/^\w+\{organization="acme"[,}]/);
  });

  it('leaves out families with no series', () => {
    const text = renderEstimate(
      {
        spend: [],
        unpriced: [],
        prices: [],
        ratios: new Map(),
        unmappedLineItems: 0,
      },
      'acme',
    );
    expect(text).not.toContain('openai_cost_estimate_ratio');
    expect(text).not.toContain('openai_cost_estimated_usd_total');
  });
});
