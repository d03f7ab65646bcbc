import type { LandingStatus } from '../http/landing-page.js';
import type { Exporter } from './exporter.js';
import { VERSION } from './version.js';

export function landingStatus(exporter: Exporter, nowMs: number): LandingStatus {
  return {
    version: VERSION,
    nowSeconds: nowMs / 1000,
    categories: exporter.pollers.map((poller) => ({
      category: poller.spec.id,
      widths: poller.widths.map((width) => {
        const progress = poller.progress[width];
        return {
          width,
          attempted: progress?.attempted ?? false,
          ...(progress?.lastSuccess === undefined ? {} : { lastSuccess: progress.lastSuccess }),
          ...(progress?.lastError === undefined ? {} : { lastError: progress.lastError }),
        };
      }),
      ...(poller.ledger.newestBucketEnd === undefined
        ? {}
        : { newestBucketEnd: poller.ledger.newestBucketEnd }),
      series: poller.ledger.series.exportedCount,
    })),
  };
}
