// Every PromQL join in docs/names.md, evaluated by promtool on made-up series, so the documented
// queries keep returning names.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { promtool } from '../grafana/promtool.js';

const doc = readFileSync(new URL('../../docs/names.md', import.meta.url), 'utf8');
const queries = [...doc.matchAll(/```promql\n([\s\S]*?)```/g)].map((match) => (match[1] ?? '').trim());

const ACME = [
  [
    'openai_cost_usd_total{organization="acme",project_id="proj_a",line_item="x",api_key_id="key_a"}',
    '0+1x1440',
  ],
  [
    'openai_cost_usd_total{organization="acme",project_id="proj_b",line_item="x",api_key_id="key_b"}',
    '0+2x1440',
  ],
  ['openai_cost_usd_total{organization="acme",project_id="",line_item="Tax",api_key_id=""}', '0+1x1440'],
  [
    'openai_completions_input_tokens_total{organization="acme",project_id="proj_a",model="gpt-4o"}',
    '0+60x1440',
  ],
  [
    'openai_completions_requests_total{organization="acme",project_id="proj_a",model="gpt-4o",user_id="user-a"}',
    '0+1x1440',
  ],
  [
    'openai_project_info{organization="acme",project_id="proj_a",project_name="Support",status="active"}',
    '1x1440',
  ],
  [
    'openai_project_info{organization="acme",project_id="proj_b",project_name="Old",status="archived"}',
    '1x1440',
  ],
  [
    'openai_api_key_info{organization="acme",api_key_id="key_a",api_key_name="ci",project_id="proj_a"}',
    '1x1440',
  ],
  ['openai_user_info{organization="acme",user_id="user-a",user_name="Ada",role="owner"}', '1x1440'],
] as const;

/**
 * A second organization Ada also belongs to, under the same user id with another role, and whose
 * project has no spend: its names must not meet the first organization's series.
 */
const ONE_EXPORTER = [
  ...ACME,
  ['openai_user_info{organization="globex",user_id="user-a",user_name="Ada",role="reader"}', '1x1440'],
  [
    'openai_project_info{organization="globex",project_id="proj_g",project_name="Globex",status="active"}',
    '1x1440',
  ],
] as const;

/** The same names exported by a second exporter instance. */
const TWO_EXPORTERS = [
  ...ONE_EXPORTER,
  ...ONE_EXPORTER.filter(([series]) => series.includes('_info{')).map(
    ([series, values]) => [series.replace('{', '{instance="b",'), values] as const,
  ),
];

const PER_PROJECT = [
  { labels: '{organization="acme",project_id="proj_a",project_name="Support"}', value: 1440 },
  { labels: '{organization="acme",project_id="proj_b",project_name="Old"}', value: 2880 },
];

/** What each documented query returns on ONE_EXPORTER, in the order of the document. */
const EXPECTED: readonly (readonly { labels: string; value: number }[])[] = [
  PER_PROJECT,
  [{ labels: '{organization="acme",project_id="proj_a",model="gpt-4o",project_name="Support"}', value: 1 }],
  [{ labels: '{organization="acme",project_id="proj_a",project_name="Support"}', value: 1440 }],
  [{ labels: '{organization="acme",api_key_id="key_a",api_key_name="ci",project_id="proj_a"}', value: 1440 }],
  [{ labels: '{organization="acme",user_id="user-a",user_name="Ada"}', value: 1440 }],
  // An empty label is no label: the costs without a project come back without project_id.
  [...PER_PROJECT, { labels: '{organization="acme"}', value: 1440 }],
  PER_PROJECT,
];

async function evaluate(
  series: readonly (readonly [string, string])[],
  expr: string,
  expected: readonly { labels: string; value: number }[],
) {
  const dir = mkdtempSync(join(tmpdir(), 'oue-names-joins-'));
  const test = {
    rule_files: [],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: series.map(([s, values]) => ({ series: s, values })),
        promql_expr_test: [{ expr, eval_time: '1d', exp_samples: expected }],
      },
    ],
  };
  writeFileSync(join(dir, 'joins.test.yml'), stringify(test));
  return promtool(['test', 'rules', 'joins.test.yml'], dir);
}

describe('the joins documented in docs/names.md', () => {
  it('are all covered here', () => {
    expect(queries).toHaveLength(EXPECTED.length);
  });

  it.each(queries.map((query, index) => [index + 1, query] as const))(
    'query %i returns the ids with their names',
    async (index, query) => {
      const result = await evaluate(ONE_EXPORTER, query, EXPECTED[index - 1] ?? []);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    },
  );

  it('need the organization in the join: a user of two organizations breaks a join on the id alone', async () => {
    const query = (queries[4] ?? '').replaceAll('organization, ', '');
    expect(query).toContain('on (user_id)');
    const result = await evaluate(ONE_EXPORTER, query, EXPECTED[4] ?? []);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('many-to-many');
  });

  it('need the info side aggregated when two exporters export the same names, as documented', async () => {
    const plain = await evaluate(TWO_EXPORTERS, queries[0] ?? '', PER_PROJECT);
    expect(plain.ok).toBe(false);
    expect(plain.output).toContain('many-to-many');
    const aggregated = await evaluate(TWO_EXPORTERS, queries[EXPECTED.length - 1] ?? '', PER_PROJECT);
    expect(aggregated.output).toContain('SUCCESS');
  });
});
