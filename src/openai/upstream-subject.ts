import type { CategoryId } from '../catalog/categories.js';

/** The admin listings (projects, users, API keys) that give ids their names. */
export const NAMES_SUBJECT = 'names';

/** The organization's own limits: hard spend limits, spend alerts, rate limits. */
export const LIMITS_SUBJECT = 'limits';

/** What a request is for, as errors and self-metrics name it: a usage or costs category, the names or the limits. */
export type UpstreamSubject = CategoryId | typeof NAMES_SUBJECT | typeof LIMITS_SUBJECT;
