// How each poll went, per organization, category and bucket width, and how fresh the data it brought is.

import type { SelfFamilies } from './families.js';

type PollFamilies = Pick<
  SelfFamilies,
  'pollSuccess' | 'lastSuccess' | 'newestBucketEnd' | 'pollDuration' | 'polls'
>;

/** An empty width (the names poller) is no label, as Prometheus would store it anyway. */
function widthLabels(
  organization: string,
  category: string,
  width: string,
): { organization: string; category: string; bucket_width?: string } {
  return width === '' ? { organization, category } : { organization, category, bucket_width: width };
}

export class PollMetrics {
  constructor(private readonly families: PollFamilies) {}

  finished(
    organization: string,
    category: string,
    width: string,
    ok: boolean,
    seconds: number,
    atSeconds: number,
  ): void {
    const labels = widthLabels(organization, category, width);
    this.families.pollSuccess.set(labels, ok ? 1 : 0);
    this.families.pollDuration.observe(labels, seconds);
    this.families.polls.inc({ ...labels, result: ok ? 'success' : 'failure' });
    if (ok) this.families.lastSuccess.set(labels, atSeconds);
  }

  newestBucket(organization: string, category: string, endSeconds: number): void {
    this.families.newestBucketEnd.set({ organization, category }, endSeconds);
  }

  declare(organization: string, category: string, widths: readonly string[]): void {
    for (const width of widths) {
      const labels = widthLabels(organization, category, width);
      this.families.polls.inc({ ...labels, result: 'success' }, 0);
      this.families.polls.inc({ ...labels, result: 'failure' }, 0);
    }
  }
}
