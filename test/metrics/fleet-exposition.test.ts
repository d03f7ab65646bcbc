import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { renderEstimate } from '../../src/metrics/estimate-renderer.js';
import { FleetExposition } from '../../src/metrics/fleet-exposition.js';
import { LedgerRenderer } from '../../src/metrics/ledger-renderer.js';
import { renderNames } from '../../src/metrics/names-renderer.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { parseExposition, type Sample } from '../support/exposition.js';

const DAY = 86400;
const T0 = 1_790_000_000 - (1_790_000_000 % DAY);
const ORGANIZATIONS = ['acme', 'globex', 'initech'];
const ORDER = ['completions', 'costs', 'estimate', 'names', 'self'];

/** One organization's completions: `projects` projects, tokens scaled by `scale`. */
function completions(organization: string, projects: number, scale: number): Buffer {
  const layout = categoryLayout('completions', CATEGORIES.completions.defaultGroupBy, 100);
  const ledger = new CategoryLedger(layout);
  const fields = CATEGORIES.completions.fields;
  const rows = Array.from({ length: projects }, (_, p) => ({
    labels: [`proj_${organization}_${p}`, 'gpt-4o', 'false'],
    // Only some fields: the families a ledger has seen differ between organizations.
    values: fields.map((field, i) => (i < 2 + p ? scale * (i + 1) : Number.NaN)),
  }));
  ledger.ingest('1m', [{ startTime: T0, endTime: T0 + 60, rows }], T0 + 60);
  return new LedgerRenderer(ledger, organization).render(T0 + 60);
}

/** Costs grouped by line item, so the quantity counter carries its unit label. */
function costs(organization: string, amount: number): Buffer {
  const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 10));
  const values = CATEGORIES.costs.fields.map((field) =>
    field.field === 'amount' ? amount : field.unitFrom === undefined ? Number.NaN : 1000,
  );
  ledger.ingest(
    '1d',
    [
      {
        startTime: T0,
        endTime: T0 + DAY,
        rows: [{ labels: ['p', 'gpt-4o, input'], values, unit: 'tokens' }],
      },
    ],
    T0 + 10,
  );
  return new LedgerRenderer(ledger, organization).render(T0 + 10);
}

function estimate(organization: string, usd: number): string {
  return renderEstimate(
    {
      spend: [{ projectId: 'p', model: 'gpt-4o', usd }],
      unpriced: [],
      prices: [],
      ratios: new Map(),
      unmappedLineItems: 0,
    },
    organization,
  );
}

function names(organization: string): string {
  const directory = {
    projects: [{ id: 'p', name: `${organization} app`, status: 'active' }],
    apiKeys: [],
    users: [],
  };
  return renderNames(directory, { includeEmails: false, organization });
}

const key = (s: Sample): string => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())} ${s.value}`;

/** Every organization's parts, rendered as each would alone. */
async function parts(): Promise<Map<string, Map<string, string | Buffer>>> {
  const self = new SelfMetrics({ version: 'test', revision: 'test' });
  const byOrganization = new Map<string, Map<string, string | Buffer>>();
  for (const [i, organization] of ORGANIZATIONS.entries()) {
    self.organization(organization).declareCategory('completions', ['1m']);
    const own = new Map<string, string | Buffer>([
      ['completions', completions(organization, i + 1, 10 ** i)],
      ['estimate', estimate(organization, i + 0.5)],
    ]);
    // Not every organization has every part: globex polls no costs, initech exports no names.
    if (organization !== 'globex') own.set('costs', costs(organization, i + 1.25));
    if (organization !== 'initech') own.set('names', names(organization));
    byOrganization.set(organization, own);
  }
  const rendered = await self.render();
  for (const own of byOrganization.values()) own.set('self', rendered);
  return byOrganization;
}

describe('the exposition of several organizations', () => {
  it('merges each part family by family: one HELP and TYPE per family, and exactly the union of the samples', async () => {
    const fleet = new FleetExposition(ORGANIZATIONS, ORDER);
    const rendered = await parts();
    // Published in an order unlike the configured one.
    for (const organization of [...ORGANIZATIONS].reverse()) {
      const sink = fleet.partsFor(organization);
      for (const [part, content] of rendered.get(organization) ?? []) await sink.update(part, content);
    }
    const text = fleet.cache.plain.toString();
    const merged = parseExposition(text); // refuses a second HELP or TYPE
    const alone = [...rendered.values()].flatMap((own) =>
      [...own]
        .filter(([part]) => part !== 'self')
        .flatMap(([, content]) => parseExposition(content.toString()).samples),
    );
    const self = parseExposition(rendered.get('acme')?.get('self')?.toString() ?? '').samples;
    expect(merged.samples.map(key).sort()).toEqual([...alone, ...self].map(key).sort());
    expect(gunzipSync(fleet.cache.gzip).toString()).toBe(text);

    // A family's samples stay together, organizations in the configured order.
    const inputTokens = merged.samples.filter((s) => s.name === 'openai_completions_input_tokens_total');
    expect(inputTokens.map((s) => s.labels.organization)).toEqual([
      'acme',
      'globex',
      'globex',
      'initech',
      'initech',
      'initech',
    ]);
    const lines = text.split('\n');
    const familyOf = (line: string) =>
      /^(?:# (?:HELP|TYPE) )?([a-zA-Z_:][a-zA-Z0-9_:]*?)(?:_bucket|_sum|_count)?[{ ]/.exec(line)?.[1];
    const runs = lines.filter((line) => line !== '').map(familyOf);
    const seen = new Set<string | undefined>();
    runs.forEach((family, i) => {
      if (family !== runs[i - 1]) {
        expect(seen.has(family), `${family} is split`).toBe(false);
        seen.add(family);
      }
    });
    // A family only some organizations have appears once, with their samples.
    const quantity = merged.samples.filter((s) => s.name === 'openai_cost_quantity_total');
    expect(quantity.map((s) => [s.labels.organization, s.labels.unit])).toEqual([
      ['acme', 'tokens'],
      ['initech', 'tokens'],
    ]);
    // The self-metrics are served once, not once per organization.
    expect(text.match(/^# HELP openai_exporter_build_info /gm)).toHaveLength(1);
  });

  it('passes promtool check metrics with three organizations', async () => {
    const fleet = new FleetExposition(ORGANIZATIONS, ORDER);
    for (const [organization, own] of await parts()) {
      for (const [part, content] of own) await fleet.partsFor(organization).update(part, content);
    }
    const promtool = spawnSync('promtool', ['check', 'metrics'], {
      input: fleet.cache.plain,
      encoding: 'utf8',
    });
    expect(promtool.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
    expect(`${promtool.stdout}${promtool.stderr}`.trim()).toBe('');
    expect(promtool.status).toBe(0);
  });

  it('serves a later render of one organization in place of its earlier one, keeping the others', async () => {
    const fleet = new FleetExposition(['acme', 'globex'], ORDER);
    await fleet.partsFor('acme').update('estimate', estimate('acme', 1));
    await fleet.partsFor('globex').update('estimate', estimate('globex', 2));
    await fleet.partsFor('acme').update('estimate', estimate('acme', 3));
    await fleet.partsFor('globex').update('estimate', '');
    const spend = parseExposition(fleet.cache.plain.toString()).samples;
    expect(spend.map((s) => [s.labels.organization, s.value])).toEqual([
      ['acme', 3],
      ['acme', 0],
    ]);
  });

  it('serves one organization’s part as it was rendered, without copying it', async () => {
    const fleet = new FleetExposition(['acme'], ORDER);
    const update = vi.spyOn(fleet.cache, 'update');
    const rendered = completions('acme', 2, 1);
    await fleet.partsFor('acme').update('completions', rendered);
    expect(update).toHaveBeenCalledWith('completions', rendered);
    expect(update.mock.calls[0]?.[1]).toBe(rendered);
    expect(fleet.cache.plain.equals(rendered)).toBe(true);
  });
});
