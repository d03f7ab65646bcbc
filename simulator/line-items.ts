// Cost line items ("gpt-4o-2024-08-06, cached input", …) with unit, quantity scale and price.
// The catalog order is the canonical order in which cost amounts are summed.

import {
  CODE_INTERPRETER_SESSION_PRICE,
  IMAGE_SIZES,
  IMAGE_SOURCES,
  VECTOR_STORAGE_PRICE_PER_GIB_HOUR,
} from './model-catalog.js';
import type { ModelFamilies } from './organization.js';
import {
  FILE_SEARCH_PRICE_PER_CALL,
  WEB_SEARCH_CONTEXT_LEVELS,
  WEB_SEARCH_PRICE_PER_CALL,
} from './tool-catalog.js';

export interface LineItem {
  readonly name: string;
  /** The model the line item bills, `null` for tools, storage and credits. */
  readonly model: string | null;
  readonly unit: string | null;
  /** Reported quantity = raw integer quantity / scale (a power of two, so exact). */
  readonly scale: number;
  /** USD per reported unit. */
  readonly price: number;
}

/** Token kinds of a completions model's line items. */
export const TOKEN_KINDS = [
  'input',
  'cached input',
  'cached audio input',
  'cache write input',
  'audio input',
  'output',
  'audio output',
] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** A power of two, so a day of credits sums exactly. */
const CREDIT_PER_MINUTE = 2 ** -10;

/** Pricing variants: batch and flex are half price, priority costs more. */
const VARIANTS = [
  { prefix: '', factor: 1 },
  { prefix: 'batch ', factor: 0.5 },
  { prefix: 'flex ', factor: 0.5 },
  { prefix: 'priority ', factor: 1.75 },
] as const;

const SOURCE_WORDS = ['image generation', 'image edit', 'image variation'];

export class LineItemCatalog {
  readonly items: LineItem[] = [];
  /** [model][variant][kind] → line item index, or -1 when the model has no such line. */
  readonly completions: number[][][] = [];
  readonly embeddings: number[] = [];
  readonly audioSpeeches: number[] = [];
  readonly audioTranscriptions: number[] = [];
  /** [model][size][source] → line item index, or -1. */
  readonly images: number[][][] = [];
  readonly codeInterpreter: number;
  readonly vectorStorage: number;
  readonly fileSearch: number;
  /** By web search context level. */
  readonly webSearch: readonly number[];
  /** The promotional credit line (a negative price), or -1 without credits. */
  readonly credit: number;

  constructor(families: ModelFamilies, credits = false) {
    for (const model of families.completions) {
      const p = model.price;
      const prices: Record<TokenKind, number> = {
        input: p.input,
        'cached input': p.cachedInput,
        'cached audio input': p.audioInput / 16,
        'cache write input': p.input * 1.25,
        'audio input': p.audioInput,
        output: p.output,
        'audio output': p.audioOutput,
      };
      const applies = (kind: TokenKind) =>
        kind.includes('audio') ? model.audio : kind === 'cache write input' ? model.cacheWrite : true;
      this.completions.push(
        VARIANTS.map((variant) =>
          TOKEN_KINDS.map((kind) =>
            applies(kind)
              ? this.add(
                  `${model.id}, ${variant.prefix}${kind}`,
                  'tokens',
                  1,
                  prices[kind] * variant.factor,
                  model.id,
                )
              : -1,
          ),
        ),
      );
    }
    for (const model of families.embeddings)
      this.embeddings.push(this.add(`${model.id}, input`, 'tokens', 1, model.price, model.id));
    for (const model of families.images) {
      this.images.push(
        IMAGE_SIZES.map((_, size) => {
          const priced = model.sizes.find((s) => s.size === size);
          return IMAGE_SOURCES.map((_, source) =>
            priced !== undefined && model.sources.includes(source)
              ? this.add(
                  `${model.id}, ${SOURCE_WORDS[source]}, ${IMAGE_SIZES[size]}`,
                  'images',
                  1,
                  priced.price,
                  model.id,
                )
              : -1,
          );
        }),
      );
    }
    for (const model of families.audio_speeches) {
      this.audioSpeeches.push(this.add(`${model.id}, characters`, 'characters', 1, model.price, model.id));
    }
    for (const model of families.audio_transcriptions) {
      this.audioTranscriptions.push(
        this.add(`${model.id}, transcription`, 'duration_seconds', 1, model.price, model.id),
      );
    }
    this.codeInterpreter = this.add('Code interpreter sessions', null, 1, CODE_INTERPRETER_SESSION_PRICE);
    this.vectorStorage = this.add(
      'Vector store storage',
      'gibibyte_hours',
      2 ** 30,
      VECTOR_STORAGE_PRICE_PER_GIB_HOUR,
    );
    // Added after the older lines so their catalog indices, and so the summing order, stay put.
    this.fileSearch = this.add('File search tool calls', null, 1, FILE_SEARCH_PRICE_PER_CALL);
    this.webSearch = WEB_SEARCH_CONTEXT_LEVELS.map((level, i) =>
      this.add(`Web search tool calls, ${level} context`, null, 1, WEB_SEARCH_PRICE_PER_CALL[i] ?? 0),
    );
    // Last, and only when asked for, so every other line keeps its index (and its amounts' format).
    this.credit = credits ? this.add('Promotional credit', null, 1, -CREDIT_PER_MINUTE) : -1;
  }

  item(index: number): LineItem {
    const item = this.items[index];
    if (item === undefined) throw new RangeError(`no line item ${index}`);
    return item;
  }

  private add(
    name: string,
    unit: string | null,
    scale: number,
    price: number,
    model: string | null = null,
  ): number {
    this.items.push({ name, model, unit, scale, price });
    return this.items.length - 1;
  }
}

/** Pricing variant of a completions stream: batch, else its service tier. */
export function completionsVariant(batch: number, tier: number): number {
  return batch === 1 ? 1 : tier === 1 ? 2 : tier === 2 ? 3 : 0;
}
