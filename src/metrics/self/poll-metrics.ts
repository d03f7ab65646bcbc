// How each poll went, per category and bucket width, and how fresh the data it brought is.

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** An empty width (the names poller) is no label, as Prometheus would store it anyway. */
function widthLabels(category: string, width: string): { category: string; bucket_width?: string } {
  return width === '' ? { category } : { category, bucket_width: width };
}

export class PollMetrics {
  private readonly success: Gauge<'category' | 'bucket_width'>;
  private readonly lastSuccess: Gauge<'category' | 'bucket_width'>;
  private readonly newestBucketEnd: Gauge<'category'>;
  private readonly duration: Histogram<'category' | 'bucket_width'>;
  private readonly polls: Counter<'category' | 'bucket_width' | 'result'>;

  constructor(registry: Registry) {
    const registers = [registry];
    const byWidth = ['category', 'bucket_width'] as const;
    this.success = new Gauge({
      name: 'openai_exporter_poll_success',
      help: 'Whether the last poll of this category and bucket width succeeded (1) or failed (0).',
      labelNames: byWidth,
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'openai_exporter_last_success_timestamp_seconds',
      help: 'Unix time of the last successful poll of this category and bucket width.',
      labelNames: byWidth,
      registers,
    });
    this.newestBucketEnd = new Gauge({
      name: 'openai_exporter_newest_bucket_end_timestamp_seconds',
      help: 'End of the newest bucket received for this category (capped at the time it was received); time() minus this is the data freshness.',
      labelNames: ['category'],
      registers,
    });
    this.duration = new Histogram({
      name: 'openai_exporter_poll_duration_seconds',
      help: 'Duration of a poll of one category and bucket width, all pages and retries included.',
      labelNames: byWidth,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.polls = new Counter({
      name: 'openai_exporter_polls_total',
      help: 'Polls of one category and bucket width, by result.',
      labelNames: [...byWidth, 'result'],
      registers,
    });
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
