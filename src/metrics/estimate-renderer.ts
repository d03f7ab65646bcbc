// Renders the estimated spend: the estimate's counters, the prices in use, the ratio to the bill
// of the last settled day, and how many line items stayed unmapped.

import { ESTIMATE_METRICS, type EstimateFamily } from './estimate-metrics.js';
import { familyHeader, formatLabels, formatValue } from './text-format.js';

/** What the estimate holds now, in plain values. */
export interface EstimateView {
  readonly spend: readonly { readonly projectId: string; readonly model: string; readonly usd: number }[];
  readonly unpriced: readonly {
    readonly category: string;
    readonly field: string;
    readonly model: string;
    readonly units: number;
  }[];
  readonly prices: readonly {
    readonly model: string;
    readonly kind: string;
    readonly source: string;
    readonly price: number;
  }[];
  /** By project_id, '' for the organization. */
  readonly ratios: ReadonlyMap<string, number>;
  readonly unmappedLineItems: number;
}

/** `organization` is the value of the first label of every series. */
export function renderEstimate(view: EstimateView, organization: string): string {
  const chunks: string[] = [];
  const family = (info: EstimateFamily, rows: readonly (readonly [readonly string[], number])[]) => {
    if (rows.length === 0) return;
    chunks.push(familyHeader(info.metric, info.type, info.help));
    for (const [values, value] of rows) {
      const labels = formatLabels(info.labels, [organization, ...values]);
      chunks.push(`${info.metric}${labels} ${formatValue(value)}\n`);
    }
  };
  const { spend, unpriced, price, ratio, unmapped } = ESTIMATE_METRICS;
  family(
    spend,
    view.spend.map((s) => [[s.projectId, s.model], s.usd]),
  );
  family(
    unpriced,
    view.unpriced.map((u) => [[u.category, u.field, u.model], u.units]),
  );
  family(
    price,
    view.prices.map((p) => [[p.model, p.kind, p.source], p.price]),
  );
  family(
    ratio,
    [...view.ratios].map(([project, value]) => [[project], value]),
  );
  family(unmapped, [[[], view.unmappedLineItems]]);
  return chunks.join('');
}
