// How each poll went, per category and bucket width, and how fresh the data it brought is.

import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { counter, FAMILIES, gauge, histogram } from './families.js';

/** An empty width (the names poller) is no label, as Prometheus would store it anyway. */
function widthLabels(category: string, width: string): { category: string; bucket_width?: string } {
  return width === '' ? { category } : { category, bucket_width: width };
}

// Seconds: a one-page poll takes tens of milliseconds, a paged one with retries minutes.
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export class PollMetrics {
  private readonly success: Gauge<'category' | 'bucket_width'>;
  private readonly lastSuccess: Gauge<'category' | 'bucket_width'>;
  private readonly newestBucketEnd: Gauge<'category'>;
  private readonly duration: Histogram<'category' | 'bucket_width'>;
  private readonly polls: Counter<'category' | 'bucket_width' | 'result'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.success = gauge(FAMILIES.pollSuccess, registers);
    this.lastSuccess = gauge(FAMILIES.lastSuccess, registers);
    this.newestBucketEnd = gauge(FAMILIES.newestBucketEnd, registers);
    this.duration = histogram(FAMILIES.pollDuration, DURATION_BUCKETS, registers);
    this.polls = counter(FAMILIES.polls, registers);
  }

  finished(category: string, width: string, ok: boolean, seconds: number, atSeconds: number): void {
    const labels = widthLabels(category, width);
    this.success.set(labels, ok ? 1 : 0);
    this.duration.observe(labels, seconds);
    this.polls.inc({ ...labels, result: ok ? 'success' : 'failure' });
    if (ok) this.lastSuccess.set(labels, atSeconds);
  }

  newestBucket(category: string, endSeconds: number): void {
    this.newestBucketEnd.set({ category }, endSeconds);
  }

  declare(category: string, widths: readonly string[]): void {
    for (const width of widths) {
      this.polls.inc({ ...widthLabels(category, width), result: 'success' }, 0);
      this.polls.inc({ ...widthLabels(category, width), result: 'failure' }, 0);
    }
  }
}
