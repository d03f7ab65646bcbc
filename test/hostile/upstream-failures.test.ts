import { ALL_CATEGORIES, describeFaultScenario } from './support/fault-scenario.js';

// Longer than the 30-minute 1m window: the minutes lost meanwhile must come back through the hours.
describeFaultScenario(
  {
    name: 'a 429 storm with Retry-After',
    faults: [{ kind: 'status', status: 429, retryAfter: '7' }],
    minutes: 40,
    failing: ALL_CATEGORIES,
    evidence: [
      { metric: 'openai_exporter_upstream_requests_total', labels: { code: '429' } },
      { metric: 'openai_exporter_upstream_rate_limited_total' },
      { metric: 'openai_exporter_upstream_retries_total', labels: { reason: 'rate_limited' } },
    ],
  },
  31,
);

describeFaultScenario(
  {
    name: '5xx errors outlasting every retry',
    faults: [{ kind: 'status', status: 503 }],
    minutes: 15,
    failing: ALL_CATEGORIES,
    evidence: [
      { metric: 'openai_exporter_upstream_requests_total', labels: { code: '503' } },
      { metric: 'openai_exporter_upstream_retries_total', labels: { reason: 'server_error' } },
    ],
  },
  32,
);

describeFaultScenario(
  {
    name: 'a burst of three 5xx errors that the retries ride out',
    faults: [{ kind: 'status', status: 500, count: 3 }],
    minutes: 10,
    failing: [],
    evidence: [
      { metric: 'openai_exporter_upstream_requests_total', labels: { code: '500' } },
      { metric: 'openai_exporter_upstream_retries_total', labels: { reason: 'server_error' } },
    ],
    exactEvidence: 3,
  },
  33,
);

describeFaultScenario(
  {
    name: 'image requests that hang longer than the client timeout',
    faults: [{ kind: 'hang', pathPrefix: 'organization/usage/images' }],
    // One round of polls: every timeout is waited out in real time.
    minutes: 5,
    // Far above what a loaded machine needs for a real answer, so only the hang can time out.
    client: { timeoutMs: 1500, maxRetries: 1 },
    failing: ['images'],
    evidence: [
      { metric: 'openai_exporter_upstream_requests_total', labels: { category: 'images', code: 'timeout' } },
      { metric: 'openai_exporter_upstream_retries_total', labels: { category: 'images', reason: 'timeout' } },
    ],
  },
  34,
);
