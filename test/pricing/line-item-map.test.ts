import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import { CHARGES, chargesOf, type MappedLineItem, mapLineItem } from '../../src/pricing/line-item-map.js';
import { usageQuantity } from '../../src/pricing/quantity-units.js';

function mapped(lineItem: string): MappedLineItem {
  const result = mapLineItem(lineItem);
  if (result.status !== 'mapped') throw new Error(`${lineItem} unmapped: ${result.reason}`);
  return result;
}

const summary = (lineItem: string) => {
  const m = mapped(lineItem);
  return [m.model, m.spec.category, m.spec.charge, m.variant, m.spec.field, m.spec.minus, m.attributes];
};

describe('mapLineItem', () => {
  it('maps the reference example line items (§6.2) to completions token fields', () => {
    expect(summary('gpt-4o-mini-2024-07-18, input')).toEqual([
      'gpt-4o-mini-2024-07-18',
      'completions',
      'input',
      'standard',
      'input_tokens',
      ['input_cached_tokens', 'input_cache_write_tokens', 'input_audio_tokens'],
      {},
    ]);
    expect(summary('gpt-4o-mini-2024-07-18, cached input')).toEqual([
      'gpt-4o-mini-2024-07-18',
      'completions',
      'cached input',
      'standard',
      'input_cached_tokens',
      ['input_cached_audio_tokens'],
      {},
    ]);
    expect(summary('gpt-4o-mini-2024-07-18, output')).toEqual([
      'gpt-4o-mini-2024-07-18',
      'completions',
      'output',
      'standard',
      'output_tokens',
      ['output_audio_tokens'],
      {},
    ]);
  });

  it('maps audio, cache and pricing-variant line items of a snapshot', () => {
    const model = 'gpt-4o-audio-preview-2024-12-17';
    expect(summary(`${model}, audio input`).slice(2, 5)).toEqual([
      'audio input',
      'standard',
      'input_audio_tokens',
    ]);
    expect(summary(`${model}, audio output`).slice(2, 5)).toEqual([
      'audio output',
      'standard',
      'output_audio_tokens',
    ]);
    expect(summary(`${model}, cached audio input`).slice(2, 5)).toEqual([
      'cached audio input',
      'standard',
      'input_cached_audio_tokens',
    ]);
    expect(summary('gpt-4.1-2025-04-14, cache write input').slice(2, 5)).toEqual([
      'cache write input',
      'standard',
      'input_cache_write_tokens',
    ]);
    expect(summary('gpt-4o-2024-08-06, batch input').slice(2, 4)).toEqual(['input', 'batch']);
    expect(summary('o3-2025-04-16, flex cached input').slice(2, 4)).toEqual(['cached input', 'flex']);
    expect(summary('gpt-4.1-2025-04-14, priority output').slice(2, 4)).toEqual(['output', 'priority']);
    expect(summary(`${model}, batch audio output`).slice(2, 4)).toEqual(['audio output', 'batch']);
  });

  it('keeps a fine-tuned model name whole', () => {
    expect(mapped('ft:gpt-4o-mini-2024-07-18:acme::Ab12Cd34, output').model).toBe(
      'ft:gpt-4o-mini-2024-07-18:acme::Ab12Cd34',
    );
  });

  it('tells embeddings from chat input by the model name', () => {
    expect(summary('text-embedding-3-small, input')).toEqual([
      'text-embedding-3-small',
      'embeddings',
      'input',
      'standard',
      'input_tokens',
      [],
      {},
    ]);
    expect(mapped('text-embedding-ada-002, input').spec.category).toBe('embeddings');
    expect(mapped('text-embedding-3-large, batch input').variant).toBe('batch');
    expect(mapLineItem('text-embedding-3-large, output')).toMatchObject({ status: 'unmapped' });
  });

  it('maps images by source and size, speech by characters, transcription by seconds', () => {
    expect(summary('gpt-image-1, image generation, 1024x1024')).toEqual([
      'gpt-image-1',
      'images',
      'images',
      'standard',
      'images',
      [],
      { source: 'image.generation', size: '1024x1024' },
    ]);
    expect(mapped('dall-e-2, image variation, 256x256').attributes).toEqual({
      source: 'image.variation',
      size: '256x256',
    });
    expect(mapped('dall-e-2, image edit, 512x512').attributes.source).toBe('image.edit');
    expect(summary('tts-1-hd, characters').slice(0, 5)).toEqual([
      'tts-1-hd',
      'audio_speeches',
      'characters',
      'standard',
      'characters',
    ]);
    expect(summary('whisper-1, transcription').slice(0, 5)).toEqual([
      'whisper-1',
      'audio_transcriptions',
      'seconds',
      'standard',
      'seconds',
    ]);
  });

  it('maps the tool line items, which name no model', () => {
    expect(summary('Code interpreter sessions')).toEqual([
      null,
      'code_interpreter_sessions',
      'sessions',
      'standard',
      'num_sessions',
      [],
      {},
    ]);
    expect(summary('File search tool calls').slice(0, 5)).toEqual([
      null,
      'file_search_calls',
      'file search calls',
      'standard',
      'num_requests',
    ]);
    expect(summary('Web search tool calls, high context')).toEqual([
      null,
      'web_search_calls',
      'web search calls',
      'standard',
      'num_requests',
      [],
      { context_level: 'high' },
    ]);
  });

  it('leaves what it cannot tie to a usage counter unmapped, with a reason, never a guess', () => {
    for (const lineItem of [
      'Vector store storage',
      'Promotional credit',
      'Image models',
      'input_tokens',
      'Text tokens',
      'gpt-4o-2024-08-06, reasoning',
      'gpt-4o-2024-08-06, scale input',
      'gpt-4o-2024-08-06,input',
      ', input',
      '',
    ]) {
      const result = mapLineItem(lineItem);
      expect(result.status, lineItem).toBe('unmapped');
      if (result.status === 'unmapped') expect(result.reason).not.toBe('');
    }
  });
});

describe('the charge table', () => {
  it('names only fields the catalog has, in the category it names', () => {
    for (const spec of CHARGES) {
      const fields = CATEGORIES[spec.category].fields.map((f) => f.field);
      for (const field of [spec.field, ...spec.minus]) expect(fields, `${spec.charge}`).toContain(field);
    }
  });

  it('splits completions input the way the usage identities add it up', () => {
    // input_tokens = cached + cache write + uncached; uncached = text + audio + image.
    const row = {
      input_tokens: 1000,
      input_cached_tokens: 300,
      input_cached_audio_tokens: 50,
      input_cache_write_tokens: 100,
      input_audio_tokens: 200,
    };
    const quantity = (charge: string) => {
      const spec = chargesOf('completions').find((s) => s.charge === charge);
      if (spec === undefined) throw new Error(charge);
      const v = (f: string) => row[f as keyof typeof row] ?? 0;
      return v(spec.field) - spec.minus.reduce((sum, f) => sum + v(f), 0);
    };
    expect(quantity('input')).toBe(400);
    expect(quantity('cached input')).toBe(250);
    expect(quantity('cached audio input')).toBe(50);
    expect(quantity('cache write input')).toBe(100);
    expect(quantity('audio input')).toBe(200);
    const inputs = ['input', 'cached input', 'cached audio input', 'cache write input', 'audio input'];
    expect(inputs.reduce((sum, c) => sum + quantity(c), 0)).toBe(row.input_tokens);
  });
});

describe('usageQuantity', () => {
  it('turns token units into tokens and durations into seconds', () => {
    expect(usageQuantity('tokens', 819_210, 'tokens')).toBe(819_210);
    expect(usageQuantity('tokens', 2.5, '1000_tokens')).toBe(2500);
    expect(usageQuantity('seconds', 3, 'duration_minutes')).toBe(180);
    expect(usageQuantity('seconds', 2, 'duration_hours')).toBe(7200);
    expect(usageQuantity('images', 12, 'images')).toBe(12);
    expect(usageQuantity('count', 40, null)).toBe(40);
  });

  it('refuses a unit that does not fit the charge', () => {
    expect(usageQuantity('tokens', 1, 'characters')).toBeUndefined();
    expect(usageQuantity('tokens', 1, null)).toBeUndefined();
    expect(usageQuantity('count', 1, 'gibibyte_hours')).toBeUndefined();
    expect(usageQuantity('tokens', 1, 'constructor')).toBeUndefined();
  });
});
