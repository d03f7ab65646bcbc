import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { parseExposition } from '../support/exposition.js';
import { scanPage } from '../support/scan-page.js';

const DAY = 86400;
const TODAY = Date.UTC(2026, 10, 20) / 1000;
const NOW = TODAY + 43200;

/** Today's rows: line item → quantity_unit (undefined: not sent). */
let units: Record<string, string | null | undefined> = {};

const upstream = {
  async fetchBuckets(query: BucketQuery) {
    const data = [];
    for (let start = query.startTime; start <= TODAY; start += DAY) {
      const results =
        start < TODAY
          ? []
          : Object.entries(units).map(([lineItem, unit]) => ({
              object: 'organization.costs.result',
              amount: { value: 2, currency: 'usd' },
              quantity: 1000,
              ...(unit === undefined ? {} : { quantity_unit: unit }),
              line_item: lineItem,
              project_id: 'proj_a',
            }));
      data.push({ object: 'bucket', start_time: start, end_time: Math.min(start + DAY, NOW), results });
    }
    return scanPage('costs', query.groupBy, { object: 'page', data, has_more: false, next_page: null });
  },
};

const { config } = loadConfig(['--categories=costs', '--names.enabled=false'], {});

function costsExporter(restoredLedger?: CategoryLedger): Exporter {
  return new Exporter({
    config,
    source: upstream,
    logger: pino({ level: 'silent' }),
    nowMs: () => NOW * 1000,
    ...(restoredLedger === undefined
      ? {}
      : { restored: new Map([['costs', { ledger: restoredLedger, lastSuccess: { '1d': NOW - 60 } }]]) }),
  });
}

function samples(exporter: Exporter, name: string) {
  return parseExposition(exporter.cache.plain.toString()).samples.filter((s) => s.name === name);
}

function restart(
  exporter: Exporter,
  edit: (saved: Record<string, unknown>) => void = () => {},
): CategoryLedger {
  const saved = JSON.parse(JSON.stringify(exporter.ledger('costs')?.snapshot()));
  edit(saved);
  return CategoryLedger.restore(
    categoryLayout('costs', config.categories.costs.groupBy, config.series.limit),
    saved,
  );
}

describe('the unit of the costs quantity', () => {
  it('labels openai_cost_quantity_total samples only, from quantity_unit', async () => {
    units = {
      'gpt-4o, input': 'tokens',
      'Vector store storage': 'gibibyte_hours',
      'Code interpreter': null,
      Other: undefined,
    };
    const exporter = costsExporter();
    expect(await exporter.pollAll()).toBe(true);
    const quantity = samples(exporter, 'openai_cost_quantity_total');
    expect(Object.fromEntries(quantity.map((s) => [s.labels.line_item, s.labels.unit]))).toEqual({
      'gpt-4o, input': 'tokens',
      'Vector store storage': 'gibibyte_hours',
      'Code interpreter': '',
      Other: '',
    });
    expect(samples(exporter, 'openai_cost_usd_total').every((s) => s.labels.unit === undefined)).toBe(true);
    expect(samples(exporter, 'openai_cost_current_day_usd').every((s) => s.labels.unit === undefined)).toBe(
      true,
    );
  });

  it('keeps the unit it was given when a later answer names none, so the series does not flap', async () => {
    units = { 'gpt-4o, input': 'tokens' };
    const exporter = costsExporter();
    await exporter.pollAll();
    units = { 'gpt-4o, input': undefined };
    await exporter.pollAll();
    units = { 'gpt-4o, input': null };
    await exporter.pollAll();
    expect(samples(exporter, 'openai_cost_quantity_total').map((s) => s.labels.unit)).toEqual(['tokens']);
  });

  it('is __other__ on the series that label sets past the series limit share, whose units differ', async () => {
    units = { a: 'tokens', b: 'images', c: 'gibibyte_hours' };
    const exporter = new Exporter({
      config: { ...config, series: { ...config.series, limit: 2 } },
      source: upstream,
      logger: pino({ level: 'silent' }),
      nowMs: () => NOW * 1000,
    });
    await exporter.pollAll();
    await exporter.pollAll();
    expect(
      samples(exporter, 'openai_cost_quantity_total').map((s) => [s.labels.line_item, s.labels.unit]),
    ).toEqual([
      ['a', 'tokens'],
      ['__other__', '__other__'],
    ]);
  });

  it('survives a restart, before the first poll', async () => {
    units = { 'gpt-4o, input': 'tokens' };
    const before = costsExporter();
    await before.pollAll();
    const after = costsExporter(restart(before));
    await after.renderAll();
    expect(samples(after, 'openai_cost_quantity_total').map((s) => [s.labels.unit, s.value])).toEqual([
      ['tokens', 1000],
    ]);
  });

  it('is read from a state file written before units were saved as unknown until the next poll', async () => {
    units = { 'gpt-4o, input': 'tokens' };
    const before = costsExporter();
    await before.pollAll();
    const after = costsExporter(
      restart(before, (saved) => {
        delete saved.units;
      }),
    );
    await after.renderAll();
    expect(samples(after, 'openai_cost_quantity_total').map((s) => s.labels.unit)).toEqual(['']);
    await after.pollAll();
    expect(samples(after, 'openai_cost_quantity_total').map((s) => [s.labels.unit, s.value])).toEqual([
      ['tokens', 1000],
    ]);
  });
});
