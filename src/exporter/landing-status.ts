import type { LandingStatus, OrganizationStatus, PollerStatus } from '../http/landing-page.js';
import type { TierProgress } from '../poller/run-poll.js';
import type { Exporter } from './exporter.js';
import { VERSION } from './version.js';

export function landingStatus(exporter: Exporter, nowMs: number, demo = false): LandingStatus {
  return { version: VERSION, nowSeconds: nowMs / 1000, demo, ...organizationStatus(exporter) };
}

/** How one organization's polls are doing. */
export function organizationStatus(exporter: Exporter): OrganizationStatus {
  const names = exporter.names?.progress;
  const limits = exporter.limits?.poller.progress;
  return {
    ...(names === undefined ? {} : { names: pollerStatus(names) }),
    ...(limits === undefined ? {} : { limits: pollerStatus(limits) }),
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

function pollerStatus(progress: TierProgress): PollerStatus {
  return {
    attempted: progress.attempted,
    ...(progress.lastSuccess === undefined ? {} : { lastSuccess: progress.lastSuccess }),
    ...(progress.lastError === undefined ? {} : { lastError: progress.lastError }),
  };
}

/** The category polls readiness still waits for, as `category width`. */
export function pendingPolls(exporter: Exporter): string[] {
  return exporter.pollers.flatMap((poller) =>
    poller.widths
      .filter((width) => poller.progress[width]?.attempted !== true)
      .map((width) => `${poller.spec.id} ${width}`),
  );
}
