import { describe, expect, it } from 'vitest';
import { type ChargeSpec, chargesOf } from '../../src/pricing/line-item-map.js';
import { type PriceBook, type PriceQuery, usageVariants } from '../../src/pricing/price-book.js';
import { type BillLine, bookOf, DAY, M, TODAY, testList } from './price-fixtures.js';

const MODEL = 'gpt-4o-2024-08-06';

const LIST = testList({
  variantFactors: { batch: 0.5, flex: 0.5 },
  tokens: { 'gpt-4o': { input: 2.5, output: 10 } },
  images: { 'dall-e-2': { '256x256': 0.016 } },
  tools: { sessions: 0.03 },
});

const book = (lines: BillLine[]): PriceBook => bookOf(lines, LIST);

function spec(category: ChargeSpec['category'], charge: ChargeSpec['charge']): ChargeSpec {
  const found = chargesOf(category).find((s) => s.charge === charge);
  if (found === undefined) throw new Error(charge);
  return found;
}

const query = (q: Partial<PriceQuery> & Pick<PriceQuery, 'spec'>): PriceQuery => ({
  model: MODEL,
  variants: ['standard'],
  attributes: {},
  ...q,
});
const input = spec('completions', 'input');

describe('usageVariants', () => {
  it('reads the pricing variants a usage row can hold from its batch and service_tier labels', () => {
    expect(usageVariants('true', undefined)).toEqual(['batch']);
    expect(usageVariants('true', 'default')).toEqual(['batch']);
    expect(usageVariants('false', undefined)).toEqual(['standard', 'flex', 'priority']);
    expect(usageVariants('false', 'default')).toEqual(['standard']);
    expect(usageVariants('false', 'flex')).toEqual(['flex']);
    expect(usageVariants(undefined, 'priority')).toEqual(['priority']);
    expect(usageVariants(undefined, 'default')).toEqual(['standard', 'batch']);
    expect(usageVariants('', '')).toEqual(['standard', 'batch', 'flex', 'priority']);
    expect(usageVariants('false', 'scale')).toEqual([]);
    expect(usageVariants('false', 'constructor')).toEqual([]);
  });
});

describe('PriceBook', () => {
  it('prices from the bill first, the list second, and says which', () => {
    const b = book([[`${MODEL}, input`, 2, M, 'tokens']]);
    expect(b.price(query({ spec: input }))).toEqual({ status: 'priced', price: 2 / M, source: 'billed' });
    expect(b.price(query({ spec: spec('completions', 'output') }))).toEqual({
      status: 'priced',
      price: 10 * 1e-6,
      source: 'list',
    });
    expect(b.price(query({ spec: input, model: 'gpt-5-2025-08-07' }))).toEqual({ status: 'unpriced' });
  });

  it('blends the billed tiers of non-batch usage by quantity per day', () => {
    const b = book([
      [`${MODEL}, input`, 2, 3 * M, 'tokens'],
      [`${MODEL}, flex input`, 0.25, M, 'tokens'],
      [`${MODEL}, batch input`, 1, 4 * M, 'tokens'],
      // Two days of priority: weighs as one day's quantity (M), not two.
      [`${MODEL}, priority input`, 0.75, M, 'tokens', TODAY - DAY],
      [`${MODEL}, priority input`, 0.75, M, 'tokens', TODAY - 2 * DAY],
    ]);
    const price = (variants: PriceQuery['variants']) => b.price(query({ spec: input, variants }));
    expect(price(['standard', 'flex', 'priority'])).toEqual({
      status: 'priced',
      price: ((2 / (3 * M)) * 3 * M + (0.25 / M) * M + (0.75 / M) * M) / (5 * M),
      source: 'billed',
    });
    expect(price(['batch'])).toMatchObject({ price: 1 / (4 * M) });
    expect(price(['priority'])).toMatchObject({ price: 0.75 / M });
  });

  it('falls back to the list when the bill has none of the variants asked for', () => {
    const b = book([[`${MODEL}, batch input`, 1, 4 * M, 'tokens']]);
    expect(b.price(query({ spec: input, variants: ['standard', 'flex', 'priority'] }))).toEqual({
      status: 'priced',
      price: 2.5 * 1e-6,
      source: 'list',
    });
    expect(b.price(query({ spec: input, variants: ['flex'] }))).toMatchObject({
      price: 2.5 * 1e-6 * 0.5,
      source: 'list',
    });
    expect(b.price(query({ spec: input, variants: ['priority'] }))).toEqual({ status: 'unpriced' });
    expect(b.price(query({ spec: input, variants: [] }))).toEqual({ status: 'unpriced' });
  });

  it('narrows images by the size and source labels present, and blends the rest', () => {
    const images = spec('images', 'images');
    const b = book([
      ['dall-e-2, image generation, 256x256', 0.25, 16, 'images'],
      ['dall-e-2, image edit, 256x256', 0.25, 16, 'images'],
      ['dall-e-2, image generation, 512x512', 0.5, 16, 'images'],
    ]);
    const price = (attributes: PriceQuery['attributes']) =>
      b.price(query({ spec: images, model: 'dall-e-2', attributes }));
    expect(price({ size: '512x512', source: 'image.generation' })).toMatchObject({ price: 0.5 / 16 });
    expect(price({ size: '256x256' })).toMatchObject({ price: 0.5 / 32 });
    expect(price({})).toMatchObject({ price: 1 / 48, source: 'billed' });
    expect(price({ size: '1024x1024' })).toEqual({ status: 'unpriced' });
  });

  it('prices tool charges the same for every model, and embeddings apart from chat input', () => {
    const b = book([
      ['Web search tool calls, low context', 0.5, 20, null],
      ['text-embedding-3-small, input', 0.5, 2 * M, 'tokens'],
    ]);
    const web = spec('web_search_calls', 'web search calls');
    for (const model of ['gpt-4o-2024-08-06', 'o4-mini-2025-04-16']) {
      expect(b.price(query({ spec: web, model, attributes: { context_level: 'low' } }))).toMatchObject({
        price: 0.025,
      });
    }
    const sessions = spec('code_interpreter_sessions', 'sessions');
    expect(b.price(query({ spec: sessions, model: '' }))).toMatchObject({ price: 0.03, source: 'list' });
    const embeddings = spec('embeddings', 'input');
    expect(b.price(query({ spec: embeddings, model: 'text-embedding-3-small' }))).toMatchObject({
      price: 0.25 / M,
    });
    expect(b.price(query({ spec: input, model: 'text-embedding-3-small' }))).toEqual({ status: 'unpriced' });
  });

  describe('with the bill grouped by project', () => {
    const mixed = (project: string) =>
      query({ spec: input, variants: ['standard', 'priority'], projectId: project });
    // p1 uses standard three to one, p2 only priority: the organization blends them half and half.
    const b = book([
      [`${MODEL}, input`, 3, 3 * M, 'tokens', TODAY - DAY, 'p1'],
      [`${MODEL}, priority input`, 2, M, 'tokens', TODAY - DAY, 'p1'],
      [`${MODEL}, priority input`, 8, 4 * M, 'tokens', TODAY - DAY, 'p2'],
    ]);

    it("prices a project's usage at its own blend of the line items it was billed", () => {
      expect(b.price(mixed('p1'))).toEqual({ status: 'priced', price: 5 / (4 * M), source: 'billed' });
      expect(b.price(mixed('p2'))).toEqual({ status: 'priced', price: 2 / M, source: 'billed' });
      expect(b.price(query({ spec: input, variants: ['standard', 'priority'] }))).toMatchObject({
        price: 13 / (8 * M),
      });
      expect(b.hasOwnPrices('p1')).toBe(true);
    });

    it("falls back to the organization's learned price, then to the list", () => {
      expect(b.hasOwnPrices('p3')).toBe(false);
      expect(b.price(mixed('p3'))).toMatchObject({ price: 13 / (8 * M), source: 'billed' });
      // p2 has no standard line item of its own; the organization has.
      expect(b.price(query({ spec: input, projectId: 'p2' }))).toMatchObject({
        price: 1 / M,
        source: 'billed',
      });
      expect(b.price(query({ spec: spec('completions', 'output'), projectId: 'p1' }))).toMatchObject({
        price: 10 * 1e-6,
        source: 'list',
      });
    });

    it("takes the organization's price of a line item the project was last billed before a price change", () => {
      const changed = book([
        [`${MODEL}, input`, 1, M, 'tokens', TODAY - 2 * DAY, 'p1'],
        [`${MODEL}, input`, 2, M, 'tokens', TODAY - DAY, 'p2'],
      ]);
      expect(changed.price(query({ spec: input, projectId: 'p1' }))).toMatchObject({ price: 2 / M });
    });
  });
});
