// The exporter's requests to the OpenAI API: answers by status, retries by reason, rate limiting.

import { Counter, type Registry } from 'prom-client';

const RETRY_REASONS = ['rate_limited', 'server_error', 'network', 'timeout'];

export class UpstreamMetrics {
  private readonly requests: Counter<'category' | 'code'>;
  private readonly retries: Counter<'category' | 'reason'>;
  private readonly rateLimited: Counter<'category'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'openai_exporter_upstream_requests_total',
      help: 'HTTP requests to the OpenAI API, by category and HTTP status code (or network, timeout).',
      labelNames: ['category', 'code'],
      registers,
    });
    this.retries = new Counter({
      name: 'openai_exporter_upstream_retries_total',
      help: 'Retried OpenAI API requests, by category and reason.',
      labelNames: ['category', 'reason'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'openai_exporter_upstream_rate_limited_total',
      help: 'OpenAI API responses with status 429 (rate limited), by category.',
      labelNames: ['category'],
      registers,
    });
  }

  response(category: string, code: string): void {
    this.requests.inc({ category, code });
  }

  retry(category: string, reason: string): void {
    this.retries.inc({ category, reason });
  }

  limited(category: string): void {
    this.rateLimited.inc({ category });
  }

  declare(category: string): void {
    for (const reason of RETRY_REASONS) this.retries.inc({ category, reason }, 0);
    this.rateLimited.inc({ category }, 0);
  }
}
