// How each poll went, per category and bucket width, and how fresh the data it brought is.

import type { SelfFamilies } from './families.js';

type PollFamilies = Pick<
  SelfFamilies,
  'pollSuccess' | 'lastSuccess' | 'newestBucketEnd' | 'pollDuration' | 'polls'
>;

/** An empty width (the names poller) is no label, as Prometheus would store it anyway. */
function widthLabels(category: string, width: string): { category: string; bucket_width?: string } {
  return width === '' ? { category } : { category, bucket_width: width };
}

export class PollMetrics {
  constructor(private readonly families: PollFamilies) {}

  finished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void {
    const labels = widthLabels(category, width);
    this.families.pollSuccess.set(labels, ok ? 1 : 0);
    this.families.pollDuration.observe(labels, seconds);
    this.families.polls.inc({ ...labels, result: ok ? 'success' : 'failure' });
    if (ok) this.families.lastSuccess.set(labels, atSeconds);
  }

  newestBucket(category: string, endSeconds: number): void {
    this.families.newestBucketEnd.set({ category }, endSeconds);
  }

  declare(category: string, widths: readonly string[]): void {
    for (const width of widths) {
      this.families.polls.inc({ ...widthLabels(category, width), result: 'success' }, 0);
      this.families.polls.inc({ ...widthLabels(category, width), result: 'failure' }, 0);
    }
  }
}
