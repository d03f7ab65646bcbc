// Upstream requests per hour in a configuration, worked out from its intervals, windows and the
// page limits the client sends: each poll asks for one trailing window, and a window takes
// ceil(buckets / limit) pages, one request each.

import { type BucketWidth, CATEGORIES, type CategoryId } from '../src/catalog/categories.js';
import type { ExporterConfig } from '../src/config/config.js';
import { pageLimit } from '../src/openai/query-params.js';

const MINUTE = 60;
const HOUR = 3600;

export interface WidthBudget {
  readonly category: CategoryId;
  readonly width: BucketWidth;
  readonly intervalSeconds: number;
  /** Buckets one steady-state poll covers (its window plus the bucket still in progress). */
  readonly bucketsPerPoll: number;
  /** The first poll after a fresh start may reach further back (costs: the month so far). */
  readonly bucketsFirstPoll: number;
  readonly limit: number;
  /** Pages needed for the window at that limit: the fewest requests a poll can take. */
  readonly pagesPerPoll: number;
  readonly pollsPerHour: number;
  /** With the configured jitter, which adds on average half of `jitter` × interval. */
  readonly pollsPerHourWithJitter: number;
  readonly requestsPerHour: number;
  readonly requestsPerHourWithJitter: number;
}

export function widthsOf(category: CategoryId): readonly BucketWidth[] {
  return CATEGORIES[category].polledWidths;
}

export function requestBudget(config: ExporterConfig): WidthBudget[] {
  const budgets: WidthBudget[] = [];
  for (const category of Object.keys(config.categories) as CategoryId[]) {
    if (!config.categories[category].enabled) continue;
    for (const width of widthsOf(category)) {
      const { intervalSeconds, buckets, firstBuckets } = windowOf(config, width);
      const limit = pageLimit({
        category,
        width,
        startTime: 0,
        groupBy: CATEGORIES[category].defaultGroupBy,
      });
      const pagesPerPoll = Math.ceil(buckets / limit);
      const pollsPerHour = HOUR / intervalSeconds;
      const pollsPerHourWithJitter = HOUR / (intervalSeconds * (1 + config.poll.jitter / 2));
      budgets.push({
        category,
        width,
        intervalSeconds,
        bucketsPerPoll: buckets,
        bucketsFirstPoll: firstBuckets,
        limit,
        pagesPerPoll,
        pollsPerHour,
        pollsPerHourWithJitter,
        requestsPerHour: pollsPerHour * pagesPerPoll,
        requestsPerHourWithJitter: pollsPerHourWithJitter * pagesPerPoll,
      });
    }
  }
  return budgets;
}

function windowOf(config: ExporterConfig, width: BucketWidth) {
  if (width === '1m') {
    const buckets = config.poll.minuteWindowMs / 1000 / MINUTE + 1;
    return { intervalSeconds: config.poll.intervalMs / 1000, buckets, firstBuckets: buckets };
  }
  if (width === '1h') {
    const buckets = config.poll.hourlyWindowMs / 1000 / HOUR + 1;
    return { intervalSeconds: config.poll.hourlyIntervalMs / 1000, buckets, firstBuckets: buckets };
  }
  // Today and the settling days; a first poll late in a 31-day month reads the month so far.
  const buckets = config.costs.settleDays + 1;
  return {
    intervalSeconds: config.costs.intervalMs / 1000,
    buckets,
    firstBuckets: Math.max(buckets, 31),
  };
}

export function totalPerHour(budgets: readonly WidthBudget[], withJitter: boolean): number {
  return budgets.reduce((sum, b) => sum + (withJitter ? b.requestsPerHourWithJitter : b.requestsPerHour), 0);
}
