// The token section of the usage dashboard.

import type { Section } from './layout.js';
import { barGauge, type PanelDraft, timeseries } from './panels.js';
import { BY_PROJECT, increase, SELECTED_RANGE, sumBy } from './promql.js';
import { rateBy, USAGE_NOTE, usage } from './usage-selectors.js';

const INPUT = 'openai_completions_input_tokens_total';
const OUTPUT = 'openai_completions_output_tokens_total';
const CACHED = 'openai_completions_input_cached_tokens_total';

/** Models are summed over the selected organisations; a project belongs to one organisation. */
function tokensBy(label: 'model' | 'project_id', metric: string, what: string): PanelDraft {
  const by = label === 'model' ? 'model' : 'project';
  const labels = label === 'model' ? ['model'] : BY_PROJECT;
  return timeseries({
    title: `${what} per second by ${by}`,
    description: `${what} per second of the completions API, by ${by}. ${USAGE_NOTE}`,
    unit: 'short',
    queries: [{ expr: rateBy(labels, metric), legend: labels.map((name) => `{{${name}}}`).join(' ') }],
  });
}

export function tokenSection(): Section {
  return {
    title: 'Tokens',
    panels: [
      tokensBy('model', INPUT, 'Input tokens'),
      tokensBy('project_id', INPUT, 'Input tokens'),
      tokensBy('model', OUTPUT, 'Output tokens'),
      tokensBy('project_id', OUTPUT, 'Output tokens'),
      tokensBy('model', CACHED, 'Cached input tokens'),
      tokensBy('project_id', CACHED, 'Cached input tokens'),
      timeseries({
        title: 'Prompt cache hit ratio by model',
        description: `Share of input tokens served from the prompt cache (cached input tokens over all input tokens). ${USAGE_NOTE}`,
        unit: 'percentunit',
        min: 0,
        max: 1,
        queries: [
          { expr: `${rateBy(['model'], CACHED)} / ${rateBy(['model'], INPUT)}`, legend: '{{model}}' },
        ],
      }),
      timeseries({
        title: 'Batch and synchronous tokens',
        description: `Input plus output tokens per second, split by the batch label (true for the Batch API). Empty label values mean the exporter is not grouping completions by batch. ${USAGE_NOTE}`,
        unit: 'short',
        queries: [
          { expr: `${rateBy(['batch'], INPUT)} + ${rateBy(['batch'], OUTPUT)}`, legend: 'batch={{batch}}' },
        ],
      }),
      timeseries({
        title: 'Embeddings and moderations input tokens per second by model',
        description: `Input tokens per second of the embeddings and moderations APIs. Empty when neither is used. ${USAGE_NOTE}`,
        unit: 'short',
        queries: [
          { expr: rateBy(['model'], 'openai_embeddings_input_tokens_total'), legend: 'embeddings {{model}}' },
          {
            expr: rateBy(['model'], 'openai_moderations_input_tokens_total'),
            legend: 'moderations {{model}}',
          },
        ],
      }),
      barGauge({
        title: 'Completion tokens over the selected time range by model',
        description: `Input plus output tokens over the selected time range, the fifteen largest models. ${USAGE_NOTE}`,
        unit: 'short',
        queries: [
          {
            expr: `topk(15, ${sumBy(['model'], increase(usage(INPUT), SELECTED_RANGE))} + ${sumBy(['model'], increase(usage(OUTPUT), SELECTED_RANGE))})`,
            legend: '{{model}}',
          },
        ],
      }),
    ],
  };
}
