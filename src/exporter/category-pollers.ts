// One category's poller as the exporter runs it: its ledger restored from saved state (or new),
// its windows from the configuration, and its progress continued from the saved last successes.

import type { Logger } from 'pino';
import { type BucketWidth, CATEGORIES, type CategoryId } from '../catalog/categories.js';
import type { ExporterConfig } from '../config/config.js';
import { categoryLayout } from '../ledger/category-layout.js';
import { CategoryLedger } from '../ledger/category-ledger.js';
import { type BucketSource, CategoryPoller, type PollReporter } from '../poller/category-poller.js';
import type { WindowSettings } from '../poller/windows.js';
import type { RestoredCategories } from '../state/state-keeper.js';

export interface CategoryPollerDeps {
  readonly config: ExporterConfig;
  readonly source: BucketSource;
  readonly logger: Logger;
  readonly nowMs: () => number;
  readonly restored?: RestoredCategories;
}

export function categoryPoller(
  id: CategoryId,
  deps: CategoryPollerDeps,
  reporter: PollReporter,
): CategoryPoller {
  const { config } = deps;
  const settings: WindowSettings = {
    minuteWindowSeconds: config.poll.minuteWindowMs / 1000,
    hourWindowSeconds: config.poll.hourlyWindowMs / 1000,
    settleDays: config.costs.settleDays,
    backfillMaxSeconds: config.backfill.maxMs / 1000,
  };
  const categoryConfig = config.categories[id];
  const restored = deps.restored?.get(id);
  const ledger =
    restored?.ledger ?? new CategoryLedger(categoryLayout(id, categoryConfig.groupBy, config.series.limit));
  const poller = new CategoryPoller(
    CATEGORIES[id],
    categoryConfig,
    ledger,
    deps.source,
    settings,
    reporter,
    deps.logger.child({ category: id }),
    deps.nowMs,
  );
  for (const [width, lastSuccess] of Object.entries(restored?.lastSuccess ?? {})) {
    const progress = poller.progress[width as BucketWidth];
    if (progress !== undefined && lastSuccess !== undefined) progress.lastSuccess = lastSuccess;
  }
  return poller;
}
