// The usage dashboard: tokens, requests, images, audio, storage and tool sessions.

import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard } from './dashboard.js';
import { headroomSection } from './headroom-panels.js';
import { timeseries } from './panels.js';
import { BY_PROJECT, rate, sumBy } from './promql.js';
import { tokenSection } from './token-panels.js';
import {
  ANY_MODEL_USAGE,
  ANY_USAGE,
  REQUEST_METRICS,
  rateBy,
  USAGE_NOTE,
  usageWithoutModel,
} from './usage-selectors.js';
import { queryVariable } from './variables.js';

export function usageDashboard(): Dashboard {
  return dashboard({
    uid: 'openai-usage',
    title: 'OpenAI / Usage',
    description:
      'OpenAI organisation usage from the usage API: tokens, requests, rate-limit headroom, images, audio, storage.',
    from: 'now-24h',
    variables: [
      queryVariable({
        name: 'project',
        label: 'Project',
        description: 'OpenAI project ids with recorded usage.',
        query: `label_values(${ANY_USAGE}, project_id)`,
        multiWithAll: true,
      }),
      queryVariable({
        name: 'model',
        label: 'Model',
        description: 'Models with recorded usage in the selected projects.',
        query: `label_values(${ANY_MODEL_USAGE}, model)`,
        multiWithAll: true,
      }),
    ],
    sections: [
      tokenSection(),
      {
        title: 'Requests',
        panels: [
          timeseries({
            title: 'Completions requests by model',
            description: `Model requests per second to the completions API. ${USAGE_NOTE}`,
            unit: 'reqps',
            queries: [{ expr: rateBy(['model'], 'openai_completions_requests_total'), legend: '{{model}}' }],
          }),
          timeseries({
            title: 'Requests by API',
            description: `Model requests per second to each API with a request count. ${USAGE_NOTE}`,
            unit: 'reqps',
            queries: REQUEST_METRICS.map(([id, metric]) => ({
              expr: rateBy([], metric),
              legend: id.replaceAll('_', ' '),
            })),
          }),
        ],
      },
      headroomSection(),
      {
        title: 'Images',
        panels: [
          timeseries({
            title: 'Images per hour by size',
            description: `Images processed per hour, by image size. ${USAGE_NOTE}`,
            unit: 'short',
            width: 8,
            queries: [{ expr: `${rateBy(['size'], 'openai_images_total')} * 3600`, legend: '{{size}}' }],
          }),
          timeseries({
            title: 'Images per hour by source',
            description: `Images processed per hour, by source (generation, edit, variation). ${USAGE_NOTE}`,
            unit: 'short',
            width: 8,
            queries: [{ expr: `${rateBy(['source'], 'openai_images_total')} * 3600`, legend: '{{source}}' }],
          }),
          timeseries({
            title: 'Images per hour by model',
            description: `Images processed per hour, by model. ${USAGE_NOTE}`,
            unit: 'short',
            width: 8,
            queries: [{ expr: `${rateBy(['model'], 'openai_images_total')} * 3600`, legend: '{{model}}' }],
          }),
        ],
      },
      {
        title: 'Audio',
        panels: [
          timeseries({
            title: 'Speech characters synthesised per second by model',
            description: `Characters of text turned into speech per second. ${USAGE_NOTE}`,
            unit: 'short',
            queries: [
              { expr: rateBy(['model'], 'openai_audio_speeches_characters_total'), legend: '{{model}}' },
            ],
          }),
          timeseries({
            title: 'Audio transcribed per second by model',
            description: `Seconds of audio transcribed per second of wall-clock time. ${USAGE_NOTE}`,
            unit: 'short',
            queries: [
              { expr: rateBy(['model'], 'openai_audio_transcriptions_seconds_total'), legend: '{{model}}' },
            ],
          }),
        ],
      },
      {
        title: 'Storage and tools',
        panels: [
          timeseries(
            {
              title: 'Vector store storage by project',
              description:
                'Bytes stored in vector stores, from the newest usage bucket; not filtered by model (vector stores have none). Empty when no project uses vector stores.',
              unit: 'decbytes',
              queries: [
                {
                  expr: sumBy(BY_PROJECT, usageWithoutModel('openai_vector_stores_usage_bytes')),
                  legend: '{{organization}} {{project_id}}',
                },
              ],
            },
            { stacked: true },
          ),
          timeseries({
            title: 'Code interpreter sessions per hour by project',
            description: `Code interpreter sessions started per hour; not filtered by model (sessions have none). Empty when no project uses the code interpreter. ${USAGE_NOTE}`,
            unit: 'short',
            queries: [
              {
                expr: `${sumBy(BY_PROJECT, rate(usageWithoutModel('openai_code_interpreter_sessions_total')))} * 3600`,
                legend: '{{organization}} {{project_id}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
