// The exporter health dashboard: is it polling, is the data fresh, is the upstream pushing back.

import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard } from './dashboard.js';
import { integritySection, processSection, upstreamSection } from './health-sections.js';
import { booleanMapping, stat, stateTimeline, table, timeseries } from './panels.js';
import { rate, selector, sumBy, targetSelector } from './promql.js';

export const FRESHNESS_NOTE =
  'Freshness is now minus the end of the newest bucket the exporter has seen; it stays near the poll interval while polls succeed. Costs come in daily buckets, so their freshness is the time since the last successful costs poll.';
const POLL_NOTE =
  'By default 1m usage buckets are polled every 60 s, 1h buckets every 15 minutes and costs every 5 minutes.';

const freshUsage = `time() - max by (organization, category) (${selector('openai_exporter_newest_bucket_end_timestamp_seconds', 'category!="costs"')})`;
const freshCosts = `time() - max by (organization, category) (${selector('openai_exporter_last_success_timestamp_seconds', 'category="costs"')})`;

const quantile = (q: number, labels: readonly string[]): string =>
  `histogram_quantile(${q}, ${sumBy(['le', ...labels], rate(selector('openai_exporter_poll_duration_seconds_bucket')))})`;

export function healthDashboard(): Dashboard {
  return dashboard({
    uid: 'openai-exporter-health',
    title: 'OpenAI / Exporter health',
    description:
      'Health of openai-usage-exporter: polling, data freshness, upstream errors, state and process.',
    from: 'now-6h',
    variables: [],
    sections: [
      {
        title: 'Overview',
        panels: [
          stat({
            title: 'Scrape target',
            description: "Prometheus's own up metric for the exporter: DOWN when the last scrape failed.",
            unit: 'none',
            width: 4,
            mappings: [booleanMapping('DOWN', 'UP')],
            queries: [{ expr: targetSelector('up'), legend: '{{instance}}' }],
          }),
          stat({
            title: 'Failing polls',
            description: `Organization, category and bucket width triples whose last poll failed. ${POLL_NOTE}`,
            unit: 'none',
            width: 4,
            thresholds: [
              { color: 'green', value: null },
              { color: 'red', value: 1 },
            ],
            queries: [{ expr: `count(${selector('openai_exporter_poll_success')} == 0) or vector(0)` }],
          }),
          stat({
            title: 'Stalest data',
            description: `The largest freshness over all categories of the selected organizations. ${FRESHNESS_NOTE}`,
            unit: 's',
            width: 4,
            thresholds: [
              { color: 'green', value: null },
              { color: 'orange', value: 900 },
              { color: 'red', value: 1800 },
            ],
            queries: [{ expr: `max(${freshUsage} or ${freshCosts})` }],
          }),
          stat({
            title: 'Uptime',
            description: 'Time since the exporter process started.',
            unit: 's',
            width: 4,
            queries: [
              { expr: `time() - ${targetSelector('process_start_time_seconds')}`, legend: '{{instance}}' },
            ],
          }),
          table(
            {
              title: 'Build',
              description: 'Version, revision and Node.js version of the running exporter.',
              unit: 'none',
              width: 8,
              height: 4,
              queries: [{ expr: targetSelector('openai_exporter_build_info') }],
            },
            ['Value', 'job'],
          ),
        ],
      },
      {
        title: 'Polling',
        panels: [
          stateTimeline({
            title: 'Poll result by organization, category and bucket width',
            description: `Outcome of the last poll of each category and bucket width. ${POLL_NOTE}`,
            unit: 'none',
            mappings: [booleanMapping('failed', 'ok')],
            queries: [
              {
                expr: selector('openai_exporter_poll_success'),
                legend: '{{organization}} {{category}} {{bucket_width}}',
              },
            ],
          }),
          timeseries({
            title: 'Data freshness by organization and category',
            description: `${FRESHNESS_NOTE} The OpenAIUsageDataStale alert fires above 30 minutes for usage and 1 hour for costs.`,
            unit: 's',
            thresholds: [
              { color: 'green', value: null },
              { color: 'red', value: 1800 },
            ],
            queries: [
              { expr: freshUsage, legend: '{{organization}} {{category}}' },
              { expr: freshCosts, legend: '{{organization}} costs (since last successful poll)' },
            ],
          }),
          timeseries({
            title: 'Time since the last successful poll',
            description: `Per organization, category and bucket width. ${POLL_NOTE}`,
            unit: 's',
            queries: [
              {
                expr: `time() - ${selector('openai_exporter_last_success_timestamp_seconds')}`,
                legend: '{{organization}} {{category}} {{bucket_width}}',
              },
            ],
          }),
          timeseries({
            title: 'Polls by organization, category and result',
            description: `Polls per second, by organization, category and outcome. ${POLL_NOTE}`,
            unit: 'ops',
            queries: [
              {
                expr: sumBy(
                  ['organization', 'category', 'result'],
                  rate(selector('openai_exporter_polls_total')),
                ),
                legend: '{{organization}} {{category}} {{result}}',
              },
            ],
          }),
          timeseries({
            title: 'Poll duration quantiles',
            description: `Median, 90th and 99th percentile poll duration over all categories of the selected organizations, including retries and pagination. ${POLL_NOTE}`,
            unit: 's',
            queries: [
              { expr: quantile(0.5, []), legend: 'p50' },
              { expr: quantile(0.9, []), legend: 'p90' },
              { expr: quantile(0.99, []), legend: 'p99' },
            ],
          }),
          timeseries({
            title: 'Poll duration p90 by category',
            description: `90th percentile poll duration per category, including retries and pagination. ${POLL_NOTE}`,
            unit: 's',
            queries: [{ expr: quantile(0.9, ['category']), legend: '{{category}}' }],
          }),
        ],
      },
      upstreamSection(),
      integritySection(),
      processSection(),
    ],
  });
}
