// The one table that says which usage counter a costs line item bills. A line item is free text
// ("gpt-4o-2024-08-06, batch cached input"), so anything the table does not recognise stays
// `unmapped`: an estimate built on a guessed mapping would be wrong without anyone noticing.

import type { UsageCategoryId } from '../catalog/categories.js';

/** What a line item charges for, independent of model and pricing variant. */
export type Charge =
  | 'input'
  | 'cached input'
  | 'cached audio input'
  | 'cache write input'
  | 'audio input'
  | 'output'
  | 'audio output'
  | 'images'
  | 'characters'
  | 'seconds'
  | 'sessions'
  | 'file search calls'
  | 'web search calls';

/** The unit a charge's usage field counts; the bill's `quantity_unit` must agree (see quantity-units.ts). */
export type UnitClass = 'tokens' | 'images' | 'characters' | 'seconds' | 'count';

/** Batch and flex are discounted, priority costs more; usage tells them apart by `batch` and `service_tier`. */
export type Variant = 'standard' | 'batch' | 'flex' | 'priority';
export const VARIANTS: readonly Variant[] = ['standard', 'batch', 'flex', 'priority'];

/** Usage labels that select between line items of one model and charge. */
export type Attribute = 'size' | 'source' | 'context_level';

export interface ChargeSpec {
  readonly charge: Charge;
  readonly category: UsageCategoryId;
  /**
   * The billed quantity is `field` minus the `minus` fields of the same usage row: the usage
   * totals include their parts (input_tokens includes cached tokens), the bill does not.
   * A field the upstream left out counts as 0.
   */
  readonly field: string;
  readonly minus: readonly string[];
  readonly unit: UnitClass;
  /** False for tool charges, whose line items name no model: one price for every model. */
  readonly perModel: boolean;
}

const tokens = (charge: Charge, field: string, minus: readonly string[] = []): ChargeSpec => ({
  charge,
  category: 'completions',
  field,
  minus,
  unit: 'tokens',
  perModel: true,
});

/** Completions token charges, with the identities of the reference (§2.3) turned into subtractions. */
const COMPLETIONS: readonly ChargeSpec[] = [
  tokens('input', 'input_tokens', ['input_cached_tokens', 'input_cache_write_tokens', 'input_audio_tokens']),
  tokens('cached input', 'input_cached_tokens', ['input_cached_audio_tokens']),
  tokens('cached audio input', 'input_cached_audio_tokens'),
  tokens('cache write input', 'input_cache_write_tokens'),
  tokens('audio input', 'input_audio_tokens'),
  tokens('output', 'output_tokens', ['output_audio_tokens']),
  tokens('audio output', 'output_audio_tokens'),
];

const simple = (
  charge: Charge,
  category: UsageCategoryId,
  field: string,
  unit: UnitClass,
  perModel = true,
): ChargeSpec => ({ charge, category, field, minus: [], unit, perModel });

/** Every charge the estimate prices, by usage category. */
export const CHARGES: readonly ChargeSpec[] = [
  ...COMPLETIONS,
  simple('input', 'embeddings', 'input_tokens', 'tokens'),
  simple('images', 'images', 'images', 'images'),
  simple('characters', 'audio_speeches', 'characters', 'characters'),
  simple('seconds', 'audio_transcriptions', 'seconds', 'seconds'),
  simple('sessions', 'code_interpreter_sessions', 'num_sessions', 'count', false),
  simple('file search calls', 'file_search_calls', 'num_requests', 'count', false),
  simple('web search calls', 'web_search_calls', 'num_requests', 'count', false),
];

export function chargesOf(category: UsageCategoryId): readonly ChargeSpec[] {
  return CHARGES.filter((spec) => spec.category === category);
}

export interface MappedLineItem {
  readonly status: 'mapped';
  readonly lineItem: string;
  /** `null` for tool charges, which the bill does not split by model. */
  readonly model: string | null;
  readonly variant: Variant;
  readonly attributes: Readonly<Partial<Record<Attribute, string>>>;
  readonly spec: ChargeSpec;
}

export interface UnmappedLineItem {
  readonly status: 'unmapped';
  readonly lineItem: string;
  readonly reason: string;
}

export type LineItemMapping = MappedLineItem | UnmappedLineItem;

/** Embeddings bill `<model>, input` like a chat model does; only the model name tells them apart. */
const EMBEDDINGS_MODEL = /(^|-)embedding(-|$)/;
const TOKEN_CHARGE =
  /^(?:(batch|flex|priority) )?(input|cached input|cached audio input|cache write input|audio input|output|audio output)$/;
const IMAGE_CHARGE = /^image (generation|edit|variation), (\d+x\d+)$/;
const WEB_SEARCH = /^Web search tool calls, (low|medium|high) context$/;

function spec(category: UsageCategoryId, charge: Charge): ChargeSpec {
  const found = CHARGES.find((s) => s.category === category && s.charge === charge);
  if (found === undefined) throw new RangeError(`no charge ${charge} in ${category}`);
  return found;
}

export function mapLineItem(lineItem: string): LineItemMapping {
  const mapped = (
    model: string | null,
    category: UsageCategoryId,
    charge: Charge,
    variant: Variant = 'standard',
    attributes: MappedLineItem['attributes'] = {},
  ): MappedLineItem => ({
    status: 'mapped',
    lineItem,
    model,
    variant,
    attributes,
    spec: spec(category, charge),
  });

  if (lineItem === 'Code interpreter sessions') return mapped(null, 'code_interpreter_sessions', 'sessions');
  if (lineItem === 'File search tool calls') return mapped(null, 'file_search_calls', 'file search calls');
  const web = WEB_SEARCH.exec(lineItem);
  if (web !== null) {
    return mapped(null, 'web_search_calls', 'web search calls', 'standard', { context_level: web[1] ?? '' });
  }
  const comma = lineItem.indexOf(', ');
  if (comma <= 0) return { status: 'unmapped', lineItem, reason: 'not "<model>, <charge>"' };
  const model = lineItem.slice(0, comma);
  const rest = lineItem.slice(comma + 2);
  const token = TOKEN_CHARGE.exec(rest);
  if (token !== null) {
    const variant = (token[1] ?? 'standard') as Variant;
    const charge = token[2] as Charge;
    if (!EMBEDDINGS_MODEL.test(model)) return mapped(model, 'completions', charge, variant);
    if (charge === 'input') return mapped(model, 'embeddings', 'input', variant);
    return { status: 'unmapped', lineItem, reason: `an embeddings model has no ${charge} tokens` };
  }
  const image = IMAGE_CHARGE.exec(rest);
  if (image !== null) {
    const source = `image.${image[1] ?? ''}`;
    return mapped(model, 'images', 'images', 'standard', { source, size: image[2] ?? '' });
  }
  if (rest === 'characters') return mapped(model, 'audio_speeches', 'characters');
  if (rest === 'transcription') return mapped(model, 'audio_transcriptions', 'seconds');
  return { status: 'unmapped', lineItem, reason: `unknown charge "${rest}"` };
}
