import { describe, expect, it } from 'vitest';
import { COMPLETIONS_MODELS, EMBEDDINGS_MODELS } from '../../simulator/model-catalog.js';
import { mapLineItem } from '../../src/pricing/line-item-map.js';
import {
  LIST_PRICES,
  ListPricesError,
  listPrice,
  type PriceKey,
  parseListPrices,
} from '../../src/pricing/list-prices.js';

/** The list price of the usage a line item bills. */
function priceOf(lineItem: string): number | undefined {
  const m = mapLineItem(lineItem);
  if (m.status !== 'mapped') throw new Error(`${lineItem}: ${m.reason}`);
  return listPrice(LIST_PRICES, { ...m, charge: m.spec.charge });
}

const key = (
  model: string | null,
  charge: PriceKey['charge'],
  variant: PriceKey['variant'] = 'standard',
) => ({
  model,
  charge,
  variant,
  attributes: {},
});

describe('the shipped list prices', () => {
  it('say when and where they were taken from', () => {
    expect(LIST_PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(LIST_PRICES.source).toMatch(/openai\.com/);
  });

  it('are USD per token, found from a dated snapshot by its undated name', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18, input')).toBeCloseTo(0.15e-6, 15);
    expect(priceOf('gpt-4o-mini-2024-07-18, cached input')).toBeCloseTo(0.075e-6, 15);
    expect(priceOf('gpt-4o-mini-2024-07-18, output')).toBeCloseTo(0.6e-6, 15);
    expect(priceOf('gpt-5-2025-08-07, cached input')).toBeCloseTo(0.125e-6, 15);
    expect(priceOf('text-embedding-3-small, input')).toBeCloseTo(0.02e-6, 15);
  });

  it('prefer a snapshot of its own over the undated name', () => {
    expect(priceOf('gpt-4o-2024-05-13, input')).toBeCloseTo(5e-6, 15);
    expect(priceOf('gpt-4o-2024-08-06, input')).toBeCloseTo(2.5e-6, 15);
    // That snapshot had no cached price: no fallback to gpt-4o's.
    expect(priceOf('gpt-4o-2024-05-13, cached input')).toBeUndefined();
  });

  it('derive batch and flex from the standard price, and know no priority price', () => {
    expect(priceOf('o3-2025-04-16, batch output')).toBeCloseTo(4e-6, 15);
    expect(priceOf('o3-2025-04-16, flex input')).toBeCloseTo(1e-6, 15);
    expect(priceOf('o3-2025-04-16, priority input')).toBeUndefined();
  });

  it('price speech per character, transcription per second, images per image and tools per call', () => {
    expect(priceOf('tts-1-hd, characters')).toBeCloseTo(30e-6, 15);
    expect(priceOf('whisper-1, transcription')).toBeCloseTo(0.0001, 12);
    expect(priceOf('dall-e-2, image variation, 512x512')).toBe(0.018);
    expect(priceOf('Code interpreter sessions')).toBe(0.03);
    expect(priceOf('File search tool calls')).toBe(0.0025);
  });

  it('leave unknown models, fine-tunes and model-dependent charges unpriced', () => {
    expect(priceOf('ft:gpt-4o-mini-2024-07-18:acme::Ab12Cd34, input')).toBeUndefined();
    expect(priceOf('gpt-image-1, image generation, 1024x1024')).toBeUndefined();
    expect(priceOf('Web search tool calls, medium context')).toBeUndefined();
    // An alias that names newer snapshots at other prices: only its dated snapshot is listed.
    expect(listPrice(LIST_PRICES, key('gpt-realtime', 'output'))).toBeUndefined();
    expect(priceOf('gpt-realtime-2025-08-28, audio output')).toBeCloseTo(64e-6, 15);
    expect(listPrice(LIST_PRICES, key('constructor', 'input'))).toBeUndefined();
    expect(listPrice(LIST_PRICES, key('gpt-4o', 'toString' as PriceKey['charge']))).toBeUndefined();
  });

  it("cover input and output of every model in the simulator's catalog that lists by the token", () => {
    const tokenModels = [...COMPLETIONS_MODELS, ...EMBEDDINGS_MODELS].map((m) => m.id);
    const missing = tokenModels.filter(
      (model) =>
        listPrice(LIST_PRICES, key(model, 'input')) === undefined ||
        (!model.startsWith('text-embedding') && listPrice(LIST_PRICES, key(model, 'output')) === undefined),
    );
    expect(missing).toEqual([]);
  });
});

describe('parseListPrices', () => {
  const minimal = {
    asOf: '2026-01-01',
    source: 'test',
    variantFactors: { batch: 0.5 },
    tokens: { m: { input: 2 } },
    characters: {},
    transcriptionMinutes: { w: 0.6 },
    images: {},
    tools: {},
  };

  it('converts the file units to USD per usage unit', () => {
    const prices = parseListPrices(minimal);
    expect(prices.tokens.m?.input).toBe(2e-6);
    expect(prices.seconds.w).toBe(0.01);
  });

  it('rejects a malformed file with the path of the bad entry', () => {
    expect(() => parseListPrices({ ...minimal, tokens: { m: { input: -1 } } })).toThrow(
      new ListPricesError('tokens.m.input: expected a price >= 0, got -1'),
    );
    expect(() => parseListPrices({ ...minimal, images: [] })).toThrow(ListPricesError);
    expect(() => parseListPrices({ ...minimal, asOf: 3 })).toThrow('asOf: expected a string');
    expect(() => parseListPrices(null)).toThrow(ListPricesError);
  });
});
