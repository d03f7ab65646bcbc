import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXPECTED_DASHBOARDS, GRAFANA_DIR, readDashboardText } from './dashboard-files.js';
import { PromtoolMissingError, requirePromtool } from './promtool.js';

const readYaml = (path: string): unknown => parse(readFileSync(new URL(path, GRAFANA_DIR), 'utf8'));

describe('the Grafana provisioning files', () => {
  it('provision a Prometheus datasource with a stable uid at http://prometheus:9090', () => {
    expect(readYaml('provisioning/datasources/prometheus.yaml')).toMatchObject({
      apiVersion: 1,
      datasources: [
        {
          uid: 'openai-usage-prometheus',
          type: 'prometheus',
          access: 'proxy',
          url: 'http://prometheus:9090',
        },
      ],
    });
  });

  it('load the dashboards from a directory', () => {
    expect(readYaml('provisioning/dashboards/openai.yaml')).toMatchObject({
      apiVersion: 1,
      providers: [{ type: 'file', options: { path: '/var/lib/grafana/dashboards/openai-usage-exporter' } }],
    });
  });

  it('are not what the dashboards depend on: no dashboard names the provisioned datasource uid', () => {
    for (const { file } of EXPECTED_DASHBOARDS)
      expect(readDashboardText(file), file).not.toContain('openai-usage-prometheus');
  });
});

describe('the promtool-based tests', () => {
  it('fail with an installation hint, rather than skip, when promtool is not on the PATH', () => {
    expect(() => requirePromtool({ PATH: '/nonexistent' })).toThrow(PromtoolMissingError);
    expect(() => requirePromtool({ PATH: '/nonexistent' })).toThrow(/apt-get install prometheus/);
  });
});
