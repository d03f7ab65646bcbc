import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { promtool } from '../grafana/promtool.js';
import {
  containerPorts,
  environment,
  hostPathOf,
  interpolate,
  mounts,
  readCompose,
  service,
} from './compose-file.js';
import { execForm, parseDockerfile } from './dockerfile.js';
import { configFrom, DEFAULT_PORT, EXPORTER_VARIABLES } from './exporter-schema.js';
import {
  at,
  isObject,
  isRepoDirectory,
  isRepoFile,
  list,
  readRepoFile,
  readYaml,
  repoPath,
} from './repo-files.js';

const EXPORTER = 'openai-usage-exporter';
const compose = readCompose();
const exporter = service(compose, EXPORTER);
const prometheus = service(compose, 'prometheus');
const grafana = service(compose, 'grafana');
const IMAGE_ENTRYPOINT = execForm(
  parseDockerfile(readRepoFile('Dockerfile'))
    .at(-1)
    ?.instructions.find((i) => i.keyword === 'ENTRYPOINT')?.args ?? '',
);
const scratch = mkdtempSync(join(tmpdir(), 'compose-test-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function repoFileAt(svc: typeof exporter, containerPath: string): string {
  const host = hostPathOf(svc, containerPath);
  expect(host, `${containerPath} is not mounted from the repository`).toBeDefined();
  return host as string;
}

/** Runs the exporter's entrypoint with `node` stubbed to report what it was started with. */
function startExporter(shellEnv: Record<string, string>): { argv: string[]; env: Record<string, string> } {
  const env = environment(service(readCompose(shellEnv), EXPORTER));
  const bin = join(scratch, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  const stub = join(bin, 'node');
  const report = `process.stdout.write(JSON.stringify({argv: process.argv.slice(1), key: process.env.OPENAI_ADMIN_KEY ?? null}))`;
  writeFileSync(stub, `#!/bin/sh\nexec "${process.execPath}" -e '${report}' -- "$@"\n`);
  chmodSync(stub, 0o755);
  const entrypoint = list(exporter.entrypoint, 'entrypoint').map(String);
  const run = spawnSync(entrypoint[0] ?? '', entrypoint.slice(1), {
    env: { PATH: `${bin}:/usr/bin:/bin`, ...env },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  const reported = JSON.parse(run.stdout) as { argv: string[]; key: string | null };
  const { OPENAI_ADMIN_KEY: _, ...rest } = env;
  return {
    argv: reported.argv,
    env: reported.key === null ? rest : { ...rest, OPENAI_ADMIN_KEY: reported.key },
  };
}

// Compose's syntax is the shell's; written with # for $ here so it does not read as a JS template.
const compose$ = (text: string): string => text.replaceAll('#', '$');

describe('Compose interpolation as these tests read it', () => {
  it('follows Compose: $$ escapes, :- defaults when unset or empty, - only when unset', () => {
    const env = { A: 'a', B: '' };
    expect(interpolate(compose$('##{A:-x} #{A:-d} #{B-d} #{B:-d} #A'), env)).toBe(compose$('#{A:-x} a  d a'));
    expect(interpolate(compose$('#{MISSING:-}'), {})).toBe('');
    expect(() => interpolate(compose$('#{MISSING:?set it}'), {})).toThrow('MISSING: set it');
  });
});

describe('docker-compose.yml', () => {
  it('uses the Compose specification: known top-level keys and no obsolete version', () => {
    for (const key of Object.keys(compose)) {
      expect(
        ['name', 'services', 'volumes', 'networks', 'configs', 'secrets'].includes(key) ||
          key.startsWith('x-'),
        key,
      ).toBe(true);
    }
    for (const [name, svc] of Object.entries(at(compose, 'services') as object)) {
      expect(isObject(svc) && (svc.image !== undefined || svc.build !== undefined), name).toBe(true);
    }
  });

  it('builds the exporter from the Dockerfile at the root', () => {
    const build = exporter.build;
    const context = isObject(build) ? build.context : build;
    expect(context).toBe('.');
    const dockerfile =
      isObject(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
    expect(isRepoFile(dockerfile)).toBe(true);
  });

  it('runs Prometheus and Grafana from their official images, pinned to a release', () => {
    expect(prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
  });

  it('runs the exporter as a non-root user on a read-only root filesystem', () => {
    expect(exporter.read_only).toBe(true);
    expect(typeof exporter.user).toBe('string');
    expect(['root', '0'].includes(String(exporter.user).split(':')[0] ?? '')).toBe(false);
    expect(exporter.cap_drop).toEqual(['ALL']);
    expect(exporter.privileged).toBeUndefined();
  });

  it('gives the exporter a named volume at /data and no other writable path', () => {
    const writable = mounts(exporter).filter((m) => !m.readOnly);
    expect(writable.map((m) => [m.type, m.target])).toEqual([['volume', '/data']]);
    const declared = Object.keys(at(compose, 'volumes') as object);
    expect(declared).toContain(writable[0]?.source);
  });

  it('publishes the port the exporter listens on, and Prometheus and Grafana on theirs', () => {
    expect(containerPorts(exporter)).toEqual([DEFAULT_PORT]);
    expect(containerPorts(prometheus)).toEqual([9090]);
    expect(containerPorts(grafana)).toEqual([3000]);
  });

  it('sets only exporter variables that exist', () => {
    const names = Object.keys(environment(exporter));
    expect(names).toContain('OPENAI_ADMIN_KEY');
    for (const name of names) expect(EXPORTER_VARIABLES, name).toContain(name);
  });

  it('starts the image entrypoint with --demo when OPENAI_ADMIN_KEY is not set', () => {
    for (const shell of [{}, { OPENAI_ADMIN_KEY: '' }]) {
      const started = startExporter(shell);
      expect(started.argv).toEqual([...IMAGE_ENTRYPOINT.slice(1), '--demo']);
      const config = configFrom(started.env, started.argv.slice(1));
      expect(config.demo).toBe(true);
      expect(config.openai.adminKey).toBeUndefined();
    }
  });

  it('polls the real API, without --demo, when OPENAI_ADMIN_KEY is set', () => {
    const started = startExporter({ OPENAI_ADMIN_KEY: 'sk-admin-compose-test' });
    expect(started.argv).toEqual(IMAGE_ENTRYPOINT.slice(1));
    const config = configFrom(started.env, started.argv.slice(1));
    expect(config.demo).toBe(false);
    expect(config.openai.adminKey).toBe('sk-admin-compose-test');
  });

  it('keeps the image entrypoint, node running the built exporter', () => {
    expect(IMAGE_ENTRYPOINT[0]).toBe('node');
    expect(String(list(exporter.entrypoint, 'entrypoint').join(' '))).toContain(
      `exec ${IMAGE_ENTRYPOINT.join(' ')}`,
    );
  });

  it('mounts only repository files and directories that exist, read-only', () => {
    for (const [name, svc] of Object.entries(at(compose, 'services') as object)) {
      for (const mount of mounts(svc as typeof exporter).filter((m) => m.type === 'bind')) {
        expect(isRepoFile(mount.source) || isRepoDirectory(mount.source), `${name}: ${mount.source}`).toBe(
          true,
        );
        expect(mount.readOnly, `${name}: ${mount.source}`).toBe(true);
      }
    }
  });
});

describe('the Prometheus of the local stack', () => {
  const config = parseYaml(readRepoFile(repoFileAt(prometheus, '/etc/prometheus/prometheus.yml'))) as unknown;

  it("scrapes the exporter service under the README's job name, though no rule selects on it", () => {
    const jobs = list(at(config, 'scrape_configs'), 'scrape_configs');
    const job = jobs.find((j) => isObject(j) && j.job_name === 'openai-usage-exporter');
    expect(at(job, 'static_configs', 0, 'targets')).toEqual([`${EXPORTER}:${DEFAULT_PORT}`]);
    expect(readRepoFile('README.md')).toContain('job_name: openai-usage-exporter');
    expect(readRepoFile('grafana/rules/openai-usage-exporter.rules.yml')).not.toMatch(/\bjob\s*=~?/);
  });

  it('loads the project rules file, as mounted into the container', () => {
    const ruleFiles = list(at(config, 'rule_files'), 'rule_files').map((f) =>
      join('/etc/prometheus', String(f)),
    );
    expect(ruleFiles.map((f) => hostPathOf(prometheus, f))).toEqual([
      'grafana/rules/openai-usage-exporter.rules.yml',
    ]);
  });

  it('passes promtool check config, rules included, laid out as in the container', async () => {
    const etc = join(scratch, 'etc-prometheus');
    const copyIn = (containerPath: string) => {
      const target = join(etc, relative('/etc/prometheus', containerPath));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(repoPath(repoFileAt(prometheus, containerPath)), target);
    };
    copyIn('/etc/prometheus/prometheus.yml');
    for (const file of list(at(config, 'rule_files'), 'rule_files'))
      copyIn(join('/etc/prometheus', String(file)));
    const checked = await promtool(['check', 'config', 'prometheus.yml'], etc);
    expect(checked.output).toContain('SUCCESS: 1 rule files found');
    expect(checked.ok, checked.output).toBe(true);
  });
});

describe('the Grafana of the local stack', () => {
  it('provisions datasources and dashboards from grafana/provisioning', () => {
    for (const kind of ['datasources', 'dashboards']) {
      expect(hostPathOf(grafana, `/etc/grafana/provisioning/${kind}`)).toBe(`grafana/provisioning/${kind}`);
      expect(isRepoDirectory(`grafana/provisioning/${kind}`)).toBe(true);
    }
  });

  it('reaches the Prometheus service at the address the datasource names', () => {
    const datasource = readYaml('grafana/provisioning/datasources/prometheus.yaml');
    const url = new URL(String(at(datasource, 'datasources', 0, 'url')));
    expect(Object.keys(at(compose, 'services') as object)).toContain(url.hostname);
    expect(containerPorts(service(compose, url.hostname))).toContain(Number(url.port));
  });

  it('declares the scrape interval Prometheus really uses, so $__rate_interval covers enough scrapes', () => {
    const datasource = readYaml('grafana/provisioning/datasources/prometheus.yaml');
    const config = parseYaml(
      readRepoFile(repoFileAt(prometheus, '/etc/prometheus/prometheus.yml')),
    ) as unknown;
    expect(at(config, 'global', 'scrape_interval')).toBe(
      at(datasource, 'datasources', 0, 'jsonData', 'timeInterval'),
    );
  });

  it('finds the dashboards where the dashboard provider looks for them', () => {
    const provider = readYaml('grafana/provisioning/dashboards/openai.yaml');
    const path = String(at(provider, 'providers', 0, 'options', 'path'));
    expect(hostPathOf(grafana, path)).toBe('grafana/dashboards');
  });

  it('opens on a dashboard that exists', () => {
    const home = environment(grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    expect(isRepoFile(repoFileAt(grafana, home))).toBe(true);
  });
});
