// The parts an exporter's exposition is made of, in the order they are served: the categories,
// then what is derived from them, then the self-metrics.

import { CATEGORY_IDS, type CategoryId } from '../catalog/categories.js';
import { ExporterError } from '../errors.js';
import { ESTIMATE_PART } from './estimate-part.js';

export const NAMES_PART = 'names';
export const LIMITS_PART = 'limits';
/** The self-metrics: one registry for every organization, so one part they share. */
export const SELF_PART = 'self';

/** The parts of an exporter polling `categories`. */
export function exporterParts(categories: readonly CategoryId[]): string[] {
  return [...categories, ESTIMATE_PART, NAMES_PART, LIMITS_PART, SELF_PART];
}

/** Every part any organization can have, for the exposition several organizations share. */
export const ALL_PARTS: readonly string[] = exporterParts(CATEGORY_IDS);

/** An exporter given `parts` serves nothing itself: the owner of those parts does. */
export class ServedElsewhereError extends ExporterError {
  override readonly name = 'ServedElsewhereError';

  constructor(organization: string) {
    super(`the exporter of organization ${organization} renders into shared parts; serve their cache`);
  }
}
