import type { CategoryId } from '../catalog/categories.js';

/** The admin listings (projects, users, API keys) that give ids their names. */
export const NAMES_SUBJECT = 'names';

/** What a request is for, as errors and self-metrics name it: a usage or costs category, or the names. */
export type UpstreamSubject = CategoryId | typeof NAMES_SUBJECT;
