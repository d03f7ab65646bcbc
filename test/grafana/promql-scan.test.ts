import { describe, expect, it } from 'vitest';
import { isContractMetric } from './contract-metrics.js';
import { bracketError, durationSeconds, rangeUses, selectors, variablesUsed } from './promql-scan.js';

describe('the PromQL lint helpers', () => {
  it('accept balanced brackets and report unbalanced ones', () => {
    expect(bracketError('sum by (a) (rate(x{a="(("}[5m]))')).toBeUndefined();
    expect(bracketError('sum(rate(x[5m])')).toBe('unclosed (');
    expect(bracketError('sum(rate(x[5m)))')).toBe('unexpected )');
  });

  it('find metric names but not functions, keywords, label lists, strings or durations', () => {
    const expr =
      'sum by (model) (label_replace(increase(a_total{job=~"$job"}[1h]), "model", "$1", "line_item", "([^,]*).*")) / on (project_id) group_left max(b) > bool 1e3 or vector(0) unless c offset 5m';
    expect(selectors(expr).map((s) => s.metric)).toEqual(['a_total', 'b', 'c']);
  });

  it('read the matchers of each selector, including bare __name__ selectors', () => {
    expect(selectors('x{job=~"$job", code!~"2.."} + {__name__=~"a|b"}')).toEqual([
      {
        metric: 'x',
        matchers: [
          { label: 'job', op: '=~', value: '$job' },
          { label: 'code', op: '!~', value: '2..' },
        ],
      },
      { metric: '', matchers: [{ label: '__name__', op: '=~', value: 'a|b' }] },
    ]);
  });

  it('report the range and metrics of each rate-like call', () => {
    const uses = rangeUses(
      'histogram_quantile(0.9, sum by (le) (rate(h_bucket[$__rate_interval]))) + increase(c_total{a="b"}[1h])',
      new Set(['rate', 'increase']),
    );
    expect(uses).toEqual([
      { fn: 'rate', range: '$__rate_interval', metrics: ['h_bucket'] },
      { fn: 'increase', range: '1h', metrics: ['c_total'] },
    ]);
  });

  it('list Grafana variables but not regex back-references', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template literal
    expect(variablesUsed('x{a=~"$project", b=~"${model}", c="$1"}[$__rate_interval]')).toEqual([
      'project',
      'model',
      '__rate_interval',
    ]);
  });

  it('convert durations to seconds', () => {
    expect(durationSeconds('5m')).toBe(300);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('$__range')).toBeNaN();
  });

  it('know the contract metrics, histogram series and prom-client defaults, and nothing else', () => {
    expect(isContractMetric('openai_cost_usd_total')).toBe(true);
    expect(isContractMetric('openai_exporter_poll_duration_seconds_bucket')).toBe(true);
    expect(isContractMetric('process_cpu_seconds_total')).toBe(true);
    expect(isContractMetric('openai_cost_total')).toBe(false);
    expect(isContractMetric('openai_exporter_poll_duration_seconds')).toBe(false);
  });
});
