// The exporter's requests to the OpenAI API: answers by status, retries by reason, rate limiting.

import type { SelfFamilies } from './families.js';

type UpstreamFamilies = Pick<SelfFamilies, 'upstreamRequests' | 'upstreamRetries' | 'rateLimited'>;

const RETRY_REASONS = ['rate_limited', 'server_error', 'network', 'timeout'];

export class UpstreamMetrics {
  constructor(private readonly families: UpstreamFamilies) {}

  response(category: string, code: string): void {
    this.families.upstreamRequests.inc({ category, code });
  }

  retry(category: string, reason: string): void {
    this.families.upstreamRetries.inc({ category, reason });
  }

  limited(category: string): void {
    this.families.rateLimited.inc({ category });
  }

  declare(category: string): void {
    for (const reason of RETRY_REASONS) this.families.upstreamRetries.inc({ category, reason }, 0);
    this.families.rateLimited.inc({ category }, 0);
  }
}
