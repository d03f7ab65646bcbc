// Every self-metric family's name, help and labels in one table, in the order they are exposed:
// the names are a contract (dashboards, alerts, the README), so they are kept together as data
// and the groups beside this file only say what moves them.

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { ORGANIZATION_LABEL } from '../text-format.js';

interface Family<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
}

// The per-organization families carry `organization` first; build_info and the process metrics,
// which describe the one process, do not.
const ORG = ORGANIZATION_LABEL;
const BY_CATEGORY = [ORG, 'category'] as const;
const BY_WIDTH = [ORG, 'category', 'bucket_width'] as const;

// Seconds: a one-page poll takes tens of milliseconds, a paged one with retries minutes.
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export const FAMILIES = {
  buildInfo: {
    name: 'openai_exporter_build_info',
    help: 'Build information of the OpenAI usage exporter; the value is always 1.',
    labelNames: ['version', 'revision', 'nodejs_version'],
  },
  pollSuccess: {
    name: 'openai_exporter_poll_success',
    help: 'Whether the last poll of this category and bucket width succeeded (1) or failed (0).',
    labelNames: BY_WIDTH,
  },
  lastSuccess: {
    name: 'openai_exporter_last_success_timestamp_seconds',
    help: 'Unix time of the last successful poll of this category and bucket width.',
    labelNames: BY_WIDTH,
  },
  newestBucketEnd: {
    name: 'openai_exporter_newest_bucket_end_timestamp_seconds',
    help: 'End of the newest bucket received for this category (capped at the time it was received); time() minus this is the data freshness.',
    labelNames: BY_CATEGORY,
  },
  pollDuration: {
    name: 'openai_exporter_poll_duration_seconds',
    help: 'Duration of a poll of one category and bucket width, all pages and retries included.',
    labelNames: BY_WIDTH,
  },
  polls: {
    name: 'openai_exporter_polls_total',
    help: 'Polls of one category and bucket width, by result.',
    labelNames: [...BY_WIDTH, 'result'],
  },
  upstreamRequests: {
    name: 'openai_exporter_upstream_requests_total',
    help: 'HTTP requests to the OpenAI API, by category and HTTP status code (or network, timeout).',
    labelNames: [ORG, 'category', 'code'],
  },
  upstreamRetries: {
    name: 'openai_exporter_upstream_retries_total',
    help: 'Retried OpenAI API requests, by category and reason.',
    labelNames: [ORG, 'category', 'reason'],
  },
  rateLimited: {
    name: 'openai_exporter_upstream_rate_limited_total',
    help: 'OpenAI API responses with status 429 (rate limited), by category.',
    labelNames: BY_CATEGORY,
  },
  downwardRevisions: {
    name: 'openai_exporter_downward_revisions_total',
    help: 'Bucket values that went down between two polls; they are logged and never subtracted.',
    labelNames: BY_CATEGORY,
  },
  malformedPages: {
    name: 'openai_exporter_malformed_pages_total',
    help: 'OpenAI API answers refused as malformed; the poll failed and the last good values were kept.',
    labelNames: BY_CATEGORY,
  },
  series: {
    name: 'openai_exporter_series',
    help: 'Label sets exported for this category.',
    labelNames: BY_CATEGORY,
  },
  folded: {
    name: 'openai_exporter_folded_label_sets_total',
    help: 'Label sets folded into the __other__ series because the series limit was reached.',
    labelNames: BY_CATEGORY,
  },
  countedSince: {
    name: 'openai_exporter_counted_since_timestamp_seconds',
    help: 'Start of the earliest bucket included in the counters of this category.',
    labelNames: BY_CATEGORY,
  },
  stateSaves: {
    name: 'openai_exporter_state_saves_total',
    help: 'Saves of the state file, by result.',
    labelNames: [ORG, 'result'],
  },
  stateLastSave: {
    name: 'openai_exporter_state_last_save_timestamp_seconds',
    help: 'Unix time of the last successful save of the state file.',
    labelNames: [ORG],
  },
  stateRecoveries: {
    name: 'openai_exporter_state_recoveries_total',
    help: 'Saved state not continued at start-up, by reason: an unusable file (moved aside) or a real change of identity (other_organization, labels_changed, filters_changed).',
    labelNames: [ORG, 'reason'],
  },
  organizationMismatches: {
    name: 'openai_exporter_organization_mismatch_total',
    help: "Rotated admin keys refused because the upstream named another organization_id in its costs answers than the one this organization's counters belong to; the organization is not polled until its key changes again.",
    labelNames: [ORG],
  },
  adminKeyRejections: {
    name: 'openai_exporter_admin_key_rejections_total',
    help: 'Changes of the admin key file that held no usable admin key (empty, half-written, not sk-admin-); the last good key stays in use.',
    labelNames: [ORG],
  },
  budget: {
    name: 'openai_budget_usd',
    help: 'Configured spend budget in US dollars, per period (day or month) and optionally per project.',
    labelNames: [ORG, 'period', 'project_id'],
  },
} as const;

function counter<L extends string>(family: Family<L>, registers: Registry[]): Counter<L> {
  return new Counter({ ...family, registers });
}

function gauge<L extends string>(family: Family<L>, registers: Registry[]): Gauge<L> {
  return new Gauge({ ...family, registers });
}

/** Every family, registered on `registry` in the table's order (and so exposed in it). */
export function createFamilies(registry: Registry) {
  const registers = [registry];
  return {
    buildInfo: gauge(FAMILIES.buildInfo, registers),
    pollSuccess: gauge(FAMILIES.pollSuccess, registers),
    lastSuccess: gauge(FAMILIES.lastSuccess, registers),
    newestBucketEnd: gauge(FAMILIES.newestBucketEnd, registers),
    pollDuration: new Histogram({ ...FAMILIES.pollDuration, buckets: [...DURATION_BUCKETS], registers }),
    polls: counter(FAMILIES.polls, registers),
    upstreamRequests: counter(FAMILIES.upstreamRequests, registers),
    upstreamRetries: counter(FAMILIES.upstreamRetries, registers),
    rateLimited: counter(FAMILIES.rateLimited, registers),
    downwardRevisions: counter(FAMILIES.downwardRevisions, registers),
    malformedPages: counter(FAMILIES.malformedPages, registers),
    series: gauge(FAMILIES.series, registers),
    folded: counter(FAMILIES.folded, registers),
    countedSince: gauge(FAMILIES.countedSince, registers),
    stateSaves: counter(FAMILIES.stateSaves, registers),
    // Not registered yet: StateMetrics registers it at the first successful save.
    stateLastSave: gauge(FAMILIES.stateLastSave, []),
    stateRecoveries: counter(FAMILIES.stateRecoveries, registers),
    organizationMismatches: counter(FAMILIES.organizationMismatches, registers),
    adminKeyRejections: counter(FAMILIES.adminKeyRejections, registers),
    budget: gauge(FAMILIES.budget, registers),
  };
}

export type SelfFamilies = ReturnType<typeof createFamilies>;
