// Several organizations' exposition parts, each rendered as that organization's exporter would
// alone, for the tests of their merged exposition.

import { CATEGORIES } from '../../src/catalog/categories.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { renderEstimate } from '../../src/metrics/estimate-renderer.js';
import { LedgerRenderer } from '../../src/metrics/ledger-renderer.js';
import { renderNames } from '../../src/metrics/names-renderer.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';

const DAY = 86400;
const T0 = 1_790_000_000 - (1_790_000_000 % DAY);
export const ORGANIZATIONS = ['acme', 'globex', 'initech'];
export const ORDER = ['completions', 'costs', 'estimate', 'names', 'self'];

/** One organization's completions: `projects` projects, tokens scaled by `scale`. */
export function completions(organization: string, projects: number, scale: number): Buffer {
  const layout = categoryLayout('completions', CATEGORIES.completions.defaultGroupBy, 100);
  const ledger = new CategoryLedger(layout);
  const fields = CATEGORIES.completions.fields;
  const rows = Array.from({ length: projects }, (_, p) => ({
    labels: [`proj_${organization}_${p}`, 'gpt-4o', 'false'],
    // Only some fields: the families a ledger has seen differ between organizations.
    values: fields.map((_, i) => (i < 2 + p ? scale * (i + 1) : Number.NaN)),
  }));
  ledger.ingest('1m', [{ startTime: T0, endTime: T0 + 60, rows }], T0 + 60);
  return new LedgerRenderer(ledger, organization).render(T0 + 60);
}

/** Costs grouped by line item, so the quantity counter carries its unit label. */
export function costs(organization: string, amount: number): Buffer {
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

export function estimate(organization: string, usd: number): string {
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

export function names(organization: string): string {
  const directory = {
    projects: [{ id: 'p', name: `${organization} app`, status: 'active' }],
    apiKeys: [],
    users: [],
  };
  return renderNames(directory, { includeEmails: false, organization });
}

/** Every organization's parts, rendered as each would alone. */
export async function organizationParts(): Promise<Map<string, Map<string, string | Buffer>>> {
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
