// Series of the estimated spend that a freshly started demo cannot have yet, served to the panel
// test's Prometheus as if the exporter exported them: the estimate/bill ratio needs a whole settled
// day seen by the estimate, and unpriced units need usage the bill does not price. The fixture
// serves only the metrics the exporter does not serve itself, so it steps aside, metric by metric,
// once the exporter exports them.

import { createServer, type Server } from 'node:http';
import { fetchText } from '../support/processes.js';

export interface EstimateFixture {
  readonly target: string;
  close(): Promise<void>;
}

type Sample = [name: string, labels: string, value: number];

/** Each line without job, instance and organization; counters grow with the seconds since the fixture started. */
function samples(projects: readonly string[], seconds: number): Sample[] {
  const [first = 'proj_a', second = 'proj_b'] = projects;
  const model = 'gpt-4o-2024-08-06';
  return [
    // 36 and 7.2 USD an hour.
    ['openai_cost_estimated_usd_total', `project_id="${first}", model="${model}"`, 100 + 0.01 * seconds],
    ['openai_cost_estimated_usd_total', `project_id="${second}", model="${model}"`, 20 + 0.002 * seconds],
    [
      'openai_cost_estimated_unpriced_total',
      'category="completions", field="input_audio_tokens", model="gpt-4o-audio-preview"',
      500 + 40 * seconds,
    ],
    ['openai_price_usd', `model="${model}", kind="input", source="billed"`, 0.0000025],
    ['openai_price_usd', `model="${model}", kind="cached input", source="billed"`, 0.00000125],
    ['openai_price_usd', `model="${model}", kind="output", source="billed"`, 0.00001],
    ['openai_price_usd', 'model="gpt-4o-mini-2024-07-18", kind="input", source="list"', 0.00000015],
    ['openai_cost_estimate_ratio', 'project_id=""', 0.98],
    ['openai_cost_estimate_ratio', `project_id="${first}"`, 1.02],
  ];
}

export const ESTIMATE_FED_METRICS: ReadonlySet<string> = new Set(samples([], 0).map(([name]) => name));

/** The demo's organization: without an `organizations:` list, the exporter names its one organization "default". */
export const FIXTURE_ORGANIZATION = 'default';

function exposition(instance: string, projects: readonly string[], seconds: number, served: string): string {
  const scope = `job="openai-usage-exporter", instance="${instance}", organization="${FIXTURE_ORGANIZATION}"`;
  return samples(projects, seconds)
    .filter(([name]) => !new RegExp(`^${name}\\{`, 'm').test(served))
    .map(([name, labels, value]) => `${name}{${scope}, ${labels}} ${value}\n`)
    .join('');
}

/** Serves the estimate of `projects` under the exporter's job and instance (scrape it with honor_labels). */
export async function startEstimateFixture(
  instance: string,
  projects: readonly string[],
  now: () => number = Date.now,
): Promise<EstimateFixture> {
  const started = now();
  const server: Server = createServer((_request, response) => {
    fetchText(`http://${instance}/metrics`)
      .then(({ text }) => text)
      .catch(() => '')
      .then((served) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        response.end(exposition(instance, projects, (now() - started) / 1000, served));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    target: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
