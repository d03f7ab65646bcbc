import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { categoryLayout } from '../../src/ledger/category-layout.js';
import { CategoryLedger } from '../../src/ledger/category-ledger.js';
import { crc32Combine } from '../../src/metrics/crc32-combine.js';
import { ExpositionCache } from '../../src/metrics/exposition-cache.js';
import { LedgerRenderer } from '../../src/metrics/ledger-renderer.js';
import { parseExposition } from '../support/exposition.js';

const DAY = 86400;
const T0 = 1_790_000_000 - (1_790_000_000 % DAY);

describe('the exposition', () => {
  it('stays valid and round-trips any label value: quotes, backslashes, newlines, unicode, great length', () => {
    const labelValue = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('"', '\\', '\n', '\\n', '"\\"', 'a\nb"c\\d', '💸 gpt-4o, input'),
      fc.string({ minLength: 1000, maxLength: 3000 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(labelValue, labelValue), { minLength: 1, maxLength: 8 }), (labelSets) => {
        const ledger = new CategoryLedger(categoryLayout('embeddings', ['project_id', 'model'], 1000));
        ledger.ingest(
          '1m',
          [
            {
              startTime: T0,
              endTime: T0 + 60,
              rows: labelSets.map((labels) => ({ labels, values: [7, 1] })),
            },
          ],
          T0 + 60,
        );
        const parsed = parseExposition(new LedgerRenderer(ledger, 'acme').render(T0 + 60).toString());
        const tokens = parsed.samples.filter((s) => s.name === 'openai_embeddings_input_tokens_total');
        const distinct = new Set(labelSets.map(([a, b]) => JSON.stringify([a, b])));
        expect(tokens).toHaveLength(distinct.size);
        for (const sample of tokens) {
          expect(sample.labels.organization).toBe('acme');
          expect(distinct.has(JSON.stringify([sample.labels.project_id, sample.labels.model]))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('names the upstream endpoint and field in every HELP text', () => {
    const ledger = new CategoryLedger(categoryLayout('images', CATEGORIES.images.defaultGroupBy, 10));
    ledger.ingest(
      '1m',
      [{ startTime: T0, endTime: T0 + 60, rows: [{ labels: ['p', 'm', 's', 'z'], values: [1, 1] }] }],
      T0,
    );
    const parsed = parseExposition(new LedgerRenderer(ledger, 'acme').render(T0).toString());
    expect(parsed.help.get('openai_images_total')).toMatch(
      /GET \/v1\/organization\/usage\/images, field images/,
    );
    expect(parsed.types.get('openai_images_requests_total')).toBe('counter');
  });

  it("shows today's and the month's spend from the same day buckets as the cost counter", () => {
    const ledger = new CategoryLedger(categoryLayout('costs', ['project_id', 'line_item'], 10));
    const day = (start: number, value: number) => ({
      startTime: start,
      endTime: start + DAY,
      // Only the amount: the other cost fields are optional and absent here.
      rows: [
        {
          labels: ['p', 'gpt-4o, input'],
          values: CATEGORIES.costs.fields.map((field) => (field.field === 'amount' ? value : Number.NaN)),
        },
      ],
    });
    const monthStart = Date.UTC(2026, 10, 1) / 1000;
    ledger.ingest(
      '1d',
      [day(monthStart - DAY, 5), day(monthStart, 1.5), day(monthStart + DAY, 2.25)],
      monthStart + DAY + 10,
    );
    const parsed = parseExposition(
      new LedgerRenderer(ledger, 'acme').render(monthStart + DAY + 10).toString(),
    );
    const value = (name: string) => parsed.samples.find((s) => s.name === name)?.value;
    expect(value('openai_cost_usd_total')).toBe(8.75);
    expect(value('openai_cost_current_day_usd')).toBe(2.25);
    expect(value('openai_cost_current_month_usd')).toBe(3.75);
  });

  it('serves independently compressed parts as ONE gzip member (browsers and curl read only the first)', async () => {
    const cache = new ExpositionCache(['a', 'b', 'c'], 1000);
    const big = Array.from({ length: 400 }, (_, i) => `metric_c{i="${i}"} ${i}\n`).join('');
    await cache.update('b', 'metric_b 2\n');
    await cache.update('c', big);
    await cache.update('a', 'metric_a 1\n');
    await cache.update('b', 'metric_b 3\n');
    expect(cache.plain.toString()).toBe(`metric_a 1\nmetric_b 3\n${big}`);
    expect(gunzipSync(cache.gzip).toString()).toBe(cache.plain.toString());
    // One member: header, a single deflate stream that ends exactly before the 8-byte trailer.
    const body = cache.gzip;
    expect([...body.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
    expect(inflateRawSync(body.subarray(10, body.length - 8)).toString()).toBe(cache.plain.toString());
    expect(body.readUInt32LE(body.length - 8)).toBe(crc32(cache.plain));
    expect(body.readUInt32LE(body.length - 4)).toBe(cache.plain.length);
  });

  it('combines CRC-32s exactly as if computed over the concatenation', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
      }),
    );
  });
});
