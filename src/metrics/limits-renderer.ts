// Renders the organization's own limits and the rate-limit headroom into the exposition, each
// family only when it has a series: an unset limit, or a rate-limit field absent or 0, makes none.

import type { LimitsSnapshot, SpendLimit } from '../domain/limits.js';
import type { Headroom } from '../poller/headroom.js';
import {
  type LimitsFamily,
  PEAK_METRICS,
  RATE_LIMIT_METRICS,
  SPEND_LIMIT_METRICS,
} from './limits-metrics.js';
import { familyHeader, formatLabels, formatValue } from './text-format.js';

/** The organization's own series carry project_id="", as openai_budget_usd does. */
const WHOLE_ORGANIZATION = '';

type Row = readonly [labels: readonly string[], value: number];

/** Cents are exact integers; dividing once here keeps 12345 cents at exactly 123.45. */
const usd = (cents: number): number => cents / 100;

/** Collects the families; every row's labels are prefixed with the organization. */
class Families {
  readonly chunks: string[] = [];
  constructor(private readonly organization: string) {}

  add(info: LimitsFamily, rows: readonly Row[]): void {
    if (rows.length === 0) return;
    this.chunks.push(familyHeader(info.metric, 'gauge', info.help));
    for (const [labels, value] of rows) {
      const values = [this.organization, ...labels];
      this.chunks.push(`${info.metric}${formatLabels(info.labels, values)} ${formatValue(value)}\n`);
    }
  }
}

export function renderLimits(
  snapshot: LimitsSnapshot | undefined,
  peaks: Headroom | undefined,
  organization: string,
): string {
  const chunks = new Families(organization);
  if (snapshot !== undefined) renderSnapshot(chunks, snapshot);
  if (peaks !== undefined) {
    chunks.add(
      PEAK_METRICS.tokens,
      peaks.peaks.map((p) => [[p.projectId, p.model], p.tokensPerMinute]),
    );
    chunks.add(
      PEAK_METRICS.requests,
      peaks.peaks.map((p) => [[p.projectId, p.model], p.requestsPerMinute]),
    );
    chunks.add(
      PEAK_METRICS.unmappedTokens,
      peaks.unmapped.map((p) => [[p.projectId, p.model], p.tokensPerMinute]),
    );
  }
  return chunks.chunks.join('');
}

function renderSnapshot(chunks: Families, snapshot: LimitsSnapshot): void {
  const limits: [string, SpendLimit][] = [];
  if (snapshot.spendLimit !== undefined) limits.push([WHOLE_ORGANIZATION, snapshot.spendLimit]);
  for (const p of snapshot.projects) if (p.spendLimit !== undefined) limits.push([p.projectId, p.spendLimit]);
  chunks.add(
    SPEND_LIMIT_METRICS.limit,
    limits.map(([id, limit]) => [[id], usd(limit.thresholdCents)]),
  );
  chunks.add(
    SPEND_LIMIT_METRICS.enforcing,
    limits.map(([id, limit]) => [[id], limit.enforcementStatus === 'enforcing' ? 1 : 0]),
  );
  const alerts = [
    ...snapshot.spendAlerts.map((a): Row => [[WHOLE_ORGANIZATION, a.id], usd(a.thresholdCents)]),
    ...snapshot.projects.flatMap((p) =>
      p.spendAlerts.map((a): Row => [[p.projectId, a.id], usd(a.thresholdCents)]),
    ),
  ];
  chunks.add(SPEND_LIMIT_METRICS.alert, alerts);
  for (const info of RATE_LIMIT_METRICS) {
    const rows: Row[] = [];
    for (const p of snapshot.projects) {
      for (const limit of p.rateLimits) {
        const value = limit[info.key];
        // A rate limit of 0 is a field the API fills for a model it does not apply to (whisper-1
        // has no token limit): as a series it would only divide the headroom alert by zero.
        if (value !== undefined && value > 0) rows.push([[p.projectId, limit.model], value]);
      }
    }
    chunks.add(info, rows);
  }
}
