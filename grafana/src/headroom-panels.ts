// The rate-limit headroom section of the usage dashboard: each project's busiest recent minute
// against its per-model rate limits, and the usage no rate limit covers.

import type { Threshold } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Section } from './layout.js';
import { table } from './panels.js';
import { maxBy, selector } from './promql.js';

const PROJECT_FILTER = 'project_id=~"$project"';

/** The alert fires above 80% for 10 minutes; OpenAI answers 429 at 100%. */
const HEADROOM_THRESHOLDS: readonly Threshold[] = [
  { color: 'green', value: null },
  { color: 'orange', value: 0.8 },
  { color: 'red', value: 1 },
];

export const HEADROOM_NOTE =
  'Usage arrives minutes late, so this shows sustained pressure on a limit, not a single burst: the peak is the busiest minute of the trailing 1m usage window, and a burst is over before its minute arrives. Rate limits are per model name (gpt-4o) and usage per dated model (gpt-4o-2024-08-06): each usage model counts against the longest limit model name that prefixes it, so this panel ignores the model filter.';

/** Rate limits are per organisation, project and model. */
const PER_LIMIT: readonly string[] = ['organization', 'project_id', 'model'];

const share = (resource: 'tokens' | 'requests'): string =>
  `${maxBy(PER_LIMIT, selector(`openai_project_peak_${resource}_per_minute`, PROJECT_FILTER))} / on (${PER_LIMIT.join(', ')}) ${maxBy(PER_LIMIT, selector(`openai_project_rate_limit_${resource}_per_minute`, PROJECT_FILTER))}`;

export function headroomSection(): Section {
  return {
    title: 'Rate-limit headroom',
    panels: [
      table(
        {
          title: 'Rate-limit headroom by project and model',
          description: `The busiest recent minute of each project and rate-limit model, as a share of the project's tokens-per-minute and requests-per-minute limits for that model; the OpenAIRateLimitHeadroomLow alert fires above 80% for 10 minutes, and OpenAI answers 429 at 100%. ${HEADROOM_NOTE} Empty where OpenAI returns no rate limits for the selected projects.`,
          unit: 'percentunit',
          width: 16,
          height: 8,
          decimals: 1,
          thresholds: HEADROOM_THRESHOLDS,
          queries: [{ expr: `sort_desc(${share('tokens')})` }, { expr: `sort_desc(${share('requests')})` }],
        },
        [],
        {
          merge: true,
          rename: {
            organization: 'Organization',
            project_id: 'Project',
            model: 'Rate-limit model',
            'Value #A': 'Tokens per minute used',
            'Value #B': 'Requests per minute used',
          },
        },
      ),
      table(
        {
          title: 'Peak tokens per minute without a rate limit',
          description: `The busiest recent minute of usage whose model matches no rate-limit model name of its project, so no headroom can be computed for it. ${HEADROOM_NOTE} Empty when every model in use has a rate limit.`,
          unit: 'short',
          width: 8,
          height: 8,
          queries: [
            {
              expr: `sort_desc(${maxBy(PER_LIMIT, selector('openai_project_unmapped_peak_tokens_per_minute', PROJECT_FILTER))})`,
            },
          ],
        },
        [],
        {
          rename: {
            organization: 'Organization',
            project_id: 'Project',
            model: 'Usage model',
            Value: 'Peak tokens per minute',
          },
        },
      ),
    ],
  };
}
