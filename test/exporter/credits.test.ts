import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Bucket, BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { parseExposition } from '../support/exposition.js';
import { scanPage } from '../support/scan-page.js';

const DAY = 86400;
const TODAY = Date.UTC(2026, 10, 20) / 1000;
const NOW = TODAY + 43200;

/** Today's cost rows by line item: amounts (negative for credits) the test changes between polls. */
let amounts: Record<string, number | null> = {};

/** Serves raw result objects through the real page parser, as the client does. */
const upstream = {
  async fetchBuckets(query: BucketQuery): Promise<{ buckets: readonly Bucket[] }> {
    const data = [];
    for (let start = query.startTime; start <= TODAY; start += DAY) {
      const results =
        start < TODAY
          ? []
          : Object.entries(amounts).map(([lineItem, amount]) => ({
              object: 'organization.costs.result',
              ...(amount === null ? {} : { amount: { value: amount, currency: 'usd' } }),
              quantity: 1,
              quantity_unit: 'tokens',
              line_item: lineItem,
              project_id: 'proj_a',
            }));
      data.push({ object: 'bucket', start_time: start, end_time: Math.min(start + DAY, NOW), results });
    }
    const page = { object: 'page', data, has_more: false, next_page: null };
    return { buckets: scanPage('costs', query.groupBy, page).buckets };
  },
};

function costsExporter(): Exporter {
  const { config } = loadConfig(['--categories=costs', '--names.enabled=false'], {});
  return new Exporter({
    config,
    source: upstream,
    logger: pino({ level: 'silent' }),
    nowMs: () => NOW * 1000,
  });
}

function value(exporter: Exporter, name: string, lineItem?: string): number | undefined {
  return parseExposition(exporter.cache.plain.toString()).samples.find(
    (s) => s.name === name && (lineItem === undefined || s.labels.line_item === lineItem),
  )?.value;
}

describe('credits (negative cost amounts)', () => {
  it('are counted in their own counter, once, and never as a downward revision', async () => {
    amounts = { 'gpt-4o, input': 10, 'Promotional credit': -4 };
    const exporter = costsExporter();
    for (let poll = 0; poll < 3; poll++) expect(await exporter.pollAll()).toBe(true);
    expect(value(exporter, 'openai_cost_usd_total', 'gpt-4o, input')).toBe(10);
    expect(value(exporter, 'openai_cost_usd_total', 'Promotional credit')).toBe(0);
    expect(value(exporter, 'openai_cost_credits_usd_total', 'Promotional credit')).toBe(4);
    expect(value(exporter, 'openai_cost_credits_usd_total', 'gpt-4o, input')).toBe(0);
    const downward = parseExposition(exporter.cache.plain.toString()).samples.filter(
      (s) => s.name === 'openai_exporter_downward_revisions_total' && s.value > 0,
    );
    expect(downward).toEqual([]);
  });

  it('make the day and month gauges show net spend', async () => {
    amounts = { 'gpt-4o, input': 10, 'Promotional credit': -4 };
    const exporter = costsExporter();
    await exporter.pollAll();
    expect(value(exporter, 'openai_cost_current_day_usd', 'gpt-4o, input')).toBe(10);
    expect(value(exporter, 'openai_cost_current_day_usd', 'Promotional credit')).toBe(-4);
    expect(value(exporter, 'openai_cost_current_month_usd', 'Promotional credit')).toBe(-4);
  });

  it('that grow are added as they grow; a credit revised smaller stays counted (a downward revision)', async () => {
    amounts = { 'Promotional credit': -4 };
    const exporter = costsExporter();
    await exporter.pollAll();
    amounts = { 'Promotional credit': -6 };
    await exporter.pollAll();
    expect(value(exporter, 'openai_cost_credits_usd_total')).toBe(6);
    amounts = { 'Promotional credit': -5 };
    await exporter.pollAll();
    expect(value(exporter, 'openai_cost_credits_usd_total')).toBe(6);
  });

  it('applied to a charged line turn its net negative: charges keep what was counted, credits count the rest', async () => {
    amounts = { 'gpt-4o, input': 5 };
    const exporter = costsExporter();
    await exporter.pollAll();
    amounts = { 'gpt-4o, input': -2 };
    await exporter.pollAll();
    expect(value(exporter, 'openai_cost_usd_total')).toBe(5);
    expect(value(exporter, 'openai_cost_credits_usd_total')).toBe(2);
    // The charges went down from 5 to 0: a genuine downward revision, kept and reported.
    expect(value(exporter, 'openai_exporter_downward_revisions_total')).toBe(1);
  });

  it('leave a result without an amount uncounted while its quantity still counts', async () => {
    amounts = { 'gpt-4o, input': null };
    const exporter = costsExporter();
    expect(await exporter.pollAll()).toBe(true);
    expect(value(exporter, 'openai_cost_quantity_total')).toBe(1);
    expect(value(exporter, 'openai_cost_usd_total')).toBeUndefined();
    amounts = { 'gpt-4o, input': 3 };
    expect(await exporter.pollAll()).toBe(true);
    expect(value(exporter, 'openai_cost_usd_total')).toBe(3);
  });
});
