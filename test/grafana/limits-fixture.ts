// Series for the organization's own limits, served to the panel test's Prometheus as if the
// exporter exported them: the limits poll is not wired into the exporter yet, so the demo does
// not serve them. The fixture serves only the metrics the exporter does not serve itself, so it
// steps aside, metric by metric, once the exporter exports them.

import { createServer, type Server } from 'node:http';
import { fetchText } from '../support/processes.js';

export interface LimitsFixture {
  readonly target: string;
  close(): Promise<void>;
}

/** Each line without job and instance, which the fixture adds as the exporter's own. */
function samples(projects: readonly string[]): [string, string, number][] {
  const [budgeted = 'proj_a', unbudgeted = 'proj_b'] = projects;
  return [
    ['openai_spend_limit_usd', 'project_id=""', 100_000],
    ['openai_spend_limit_enforcing', 'project_id=""', 1],
    ['openai_spend_alert_threshold_usd', 'project_id="", alert_id="alert_org"', 50_000],
    // A project without a --budget, so the budget panels fall back to OpenAI's numbers.
    ['openai_spend_limit_usd', `project_id="${unbudgeted}"`, 2_000],
    ['openai_spend_limit_enforcing', `project_id="${unbudgeted}"`, 0],
    ['openai_spend_alert_threshold_usd', `project_id="${unbudgeted}", alert_id="alert_b"`, 800],
    // A project with a --budget as well: both are shown.
    ['openai_spend_limit_usd', `project_id="${budgeted}"`, 5_000],
    ['openai_project_rate_limit_tokens_per_minute', `project_id="${budgeted}", model="gpt-4o"`, 30_000],
    ['openai_project_rate_limit_requests_per_minute', `project_id="${budgeted}", model="gpt-4o"`, 500],
    ['openai_project_peak_tokens_per_minute', `project_id="${budgeted}", model="gpt-4o"`, 12_000],
    ['openai_project_peak_requests_per_minute', `project_id="${budgeted}", model="gpt-4o"`, 450],
    ['openai_project_unmapped_peak_tokens_per_minute', `project_id="${budgeted}", model="ft-custom-1"`, 900],
  ];
}

export const FED_METRICS: ReadonlySet<string> = new Set(samples([]).map(([name]) => name));

function exposition(instance: string, projects: readonly string[], served: string): string {
  const scope = `job="openai-usage-exporter", instance="${instance}"`;
  return samples(projects)
    .filter(([name]) => !new RegExp(`^${name}\\{`, 'm').test(served))
    .map(([name, labels, value]) => `${name}{${scope}, ${labels}} ${value}\n`)
    .join('');
}

/** Serves the limits of `projects` under the exporter's job and instance (scrape it with honor_labels). */
export async function startLimitsFixture(
  instance: string,
  projects: readonly string[],
): Promise<LimitsFixture> {
  const server: Server = createServer((_request, response) => {
    fetchText(`http://${instance}/metrics`)
      .then(({ text }) => text)
      .catch(() => '')
      .then((served) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        response.end(exposition(instance, projects, served));
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
