// The upstream, data-integrity and state/process sections of the exporter health dashboard.

import type { Section } from './layout.js';
import { table, timeseries } from './panels.js';
import { increase, RATE_INTERVAL, rate, selector, sumBy, targetSelector } from './promql.js';

const WINDOW_NOTE = 'Counted over each rate window (at least 5 minutes).';

/** Each organization has its own ledger, series limit and state file. */
const increaseBy = (labels: readonly string[], metric: string): string =>
  sumBy(labels, increase(selector(metric), RATE_INTERVAL));

export function upstreamSection(): Section {
  return {
    title: 'Upstream',
    panels: [
      timeseries({
        title: 'Upstream responses by organization and status',
        description:
          'Requests per second to the OpenAI API by organization and HTTP status, or network/timeout when no response came back.',
        unit: 'reqps',
        queries: [
          {
            expr: sumBy(['organization', 'code'], rate(selector('openai_exporter_upstream_requests_total'))),
            legend: '{{organization}} {{code}}',
          },
        ],
      }),
      timeseries({
        title: 'Upstream errors (non-2xx) by organization and category',
        description:
          'Failed upstream requests per second: every non-2xx status plus network errors and timeouts. Empty while everything succeeds.',
        unit: 'reqps',
        queries: [
          {
            expr: sumBy(
              ['organization', 'category', 'code'],
              rate(selector('openai_exporter_upstream_requests_total', 'code!~"2.."')),
            ),
            legend: '{{organization}} {{category}} {{code}}',
          },
        ],
      }),
      timeseries({
        title: 'Rate-limited responses (429) by organization and category',
        description:
          'HTTP 429 responses per second; each organization has its own rate limit. The exporter retries them after the Retry-After delay; sustained 429s delay the data. Empty while the API does not rate-limit.',
        unit: 'reqps',
        queries: [
          {
            expr: sumBy(
              ['organization', 'category'],
              rate(selector('openai_exporter_upstream_rate_limited_total')),
            ),
            legend: '{{organization}} {{category}}',
          },
        ],
      }),
      timeseries({
        title: 'Upstream retries by organization and reason',
        description:
          'Retried upstream requests, counted over each rate window (at least 5 minutes), by organization and reason.',
        unit: 'short',
        queries: [
          {
            expr: sumBy(
              ['organization', 'reason'],
              increase(selector('openai_exporter_upstream_retries_total'), RATE_INTERVAL),
            ),
            legend: '{{organization}} {{reason}}',
          },
        ],
      }),
    ],
  };
}

export function integritySection(): Section {
  return {
    title: 'Data integrity',
    panels: [
      timeseries({
        title: 'Downward revisions by organization and category',
        description: `Buckets whose upstream total went down after being counted; counters never go down, so the difference is logged and skipped. ${WINDOW_NOTE} Normally empty or zero.`,
        unit: 'short',
        queries: [
          {
            expr: increaseBy(['organization', 'category'], 'openai_exporter_downward_revisions_total'),
            legend: '{{organization}} {{category}}',
          },
        ],
      }),
      timeseries({
        title: 'Malformed pages by organization and category',
        description: `Upstream answers refused as malformed (not matching the API schema); the poll fails and the last good values are kept. ${WINDOW_NOTE} Normally empty or zero.`,
        unit: 'short',
        queries: [
          {
            expr: increaseBy(['organization', 'category'], 'openai_exporter_malformed_pages_total'),
            legend: '{{organization}} {{category}}',
          },
        ],
      }),
      timeseries({
        title: 'Exported series by organization and category',
        description: 'Label sets the exporter currently exports per category, bounded by the series limit.',
        unit: 'short',
        queries: [
          {
            expr: sumBy(['organization', 'category'], selector('openai_exporter_series')),
            legend: '{{organization}} {{category}}',
          },
        ],
      }),
      timeseries({
        title: 'Label sets folded into __other__',
        description: `Label sets the cardinality guard folded into __other__ because the series limit was reached. ${WINDOW_NOTE} Normally empty or zero; raise the series limit or narrow group_by if not.`,
        unit: 'short',
        queries: [
          {
            expr: increaseBy(['organization', 'category'], 'openai_exporter_folded_label_sets_total'),
            legend: '{{organization}} {{category}}',
          },
        ],
      }),
      table(
        {
          title: 'Counting since',
          description:
            "Start of the first bucket each organization's category counter includes: counters hold usage and spend since this instant.",
          unit: 'dateTimeAsIso',
          width: 24,
          queries: [
            {
              expr: `min by (organization, category) (${selector('openai_exporter_counted_since_timestamp_seconds')}) * 1000`,
            },
          ],
        },
        [],
      ),
    ],
  };
}

export function processSection(): Section {
  return {
    title: 'State and process',
    panels: [
      timeseries({
        title: 'State saves by organization and result',
        description: `Saves of each organization's ledger state file. ${WINDOW_NOTE} Failures mean a restart would re-read more history.`,
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: increaseBy(['organization', 'result'], 'openai_exporter_state_saves_total'),
            legend: '{{organization}} {{result}}',
          },
        ],
      }),
      timeseries({
        title: 'Time since the last state save',
        description: "Age of each organization's state file; grows when saves fail.",
        unit: 's',
        width: 8,
        queries: [
          {
            expr: `time() - ${selector('openai_exporter_state_last_save_timestamp_seconds')}`,
            legend: '{{organization}}',
          },
        ],
      }),
      timeseries({
        title: 'State recoveries by organization and reason',
        description: `State files that could not be used at start-up and were moved aside, by reason; the exporter then re-reads history from the API. ${WINDOW_NOTE} Normally empty.`,
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: increaseBy(['organization', 'reason'], 'openai_exporter_state_recoveries_total'),
            legend: '{{organization}} {{reason}}',
          },
        ],
      }),
      timeseries({
        title: 'Resident memory',
        description: 'Resident set size of the exporter process.',
        unit: 'bytes',
        width: 8,
        queries: [{ expr: targetSelector('process_resident_memory_bytes'), legend: '{{instance}}' }],
      }),
      timeseries({
        title: 'CPU',
        description: 'CPU time used per second of wall-clock time (1 = one core).',
        unit: 'percentunit',
        width: 8,
        queries: [{ expr: rate(targetSelector('process_cpu_seconds_total')), legend: '{{instance}}' }],
      }),
      timeseries({
        title: 'Event loop lag p99',
        description: "99th percentile of Node.js event-loop delay, from prom-client's default metrics.",
        unit: 's',
        width: 8,
        queries: [{ expr: targetSelector('nodejs_eventloop_lag_p99_seconds'), legend: '{{instance}}' }],
      }),
    ],
  };
}
