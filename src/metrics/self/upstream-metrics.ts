// The exporter's requests to the OpenAI API: answers by status, retries by reason, rate limiting.

import type { SelfFamilies } from './families.js';

type UpstreamFamilies = Pick<SelfFamilies, 'upstreamRequests' | 'upstreamRetries' | 'rateLimited'>;

const RETRY_REASONS = ['rate_limited', 'server_error', 'network', 'timeout'];

export class UpstreamMetrics {
  constructor(private readonly families: UpstreamFamilies) {}

  response(organization: string, category: string, code: string): void {
    this.families.upstreamRequests.inc({ organization, category, code });
  }

  retry(organization: string, category: string, reason: string): void {
    this.families.upstreamRetries.inc({ organization, category, reason });
  }

  limited(organization: string, category: string): void {
    this.families.rateLimited.inc({ organization, category });
  }

  declare(organization: string, category: string): void {
    for (const reason of RETRY_REASONS)
      this.families.upstreamRetries.inc({ organization, category, reason }, 0);
    this.families.rateLimited.inc({ organization, category }, 0);
  }
}
