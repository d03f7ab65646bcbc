// The exporter's requests to the OpenAI API: answers by status, retries by reason, rate limiting.

import type { Counter, Registry } from 'prom-client';
import { counter, FAMILIES } from './families.js';

const RETRY_REASONS = ['rate_limited', 'server_error', 'network', 'timeout'];

export class UpstreamMetrics {
  private readonly requests: Counter<'category' | 'code'>;
  private readonly retries: Counter<'category' | 'reason'>;
  private readonly rateLimited: Counter<'category'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = counter(FAMILIES.upstreamRequests, registers);
    this.retries = counter(FAMILIES.upstreamRetries, registers);
    this.rateLimited = counter(FAMILIES.rateLimited, registers);
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
