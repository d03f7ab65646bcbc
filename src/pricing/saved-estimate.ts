// The estimate's section of the state file: its version, and the check that a section read back
// is one this version wrote.

import type { SavedTally } from './estimate-tally.js';
import type { SavedProgress } from './usage-progress.js';

export const ESTIMATE_VERSION = 1;

export interface SavedEstimate extends SavedTally {
  readonly version: number;
  /** By usage category; entries of categories not tracked now are carried verbatim. */
  readonly categories: Readonly<Record<string, SavedProgress>>;
}

export function isSaved(value: unknown): value is SavedEstimate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { version, categories } = value as Partial<SavedEstimate>;
  return version === ESTIMATE_VERSION && typeof categories === 'object' && categories !== null;
}
