import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator, type Simulator } from '../../simulator/index.js';
import { loadConfig } from '../../src/config/index.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { AdminDirectoryClient, UsageClient } from '../../src/openai/index.js';
import { type ParsedExposition, parseExposition, type Sample, sumOf } from '../support/exposition.js';

const ADMIN_KEY = 'sk-admin-NamesTest0123456789abcdefSECRET';
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 17);
const LIST_LIMIT = 4;

let now = START_MS;
let simulator: Simulator;
let upstream: RunningSimulator;
const logs: string[] = [];

beforeAll(async () => {
  simulator = createSimulator({
    seed: 5,
    now: () => now,
    scale: { projects: 5, usersPerProject: 4, apiKeysPerProject: 6 },
  });
  upstream = await simulator.listen();
});
afterAll(() => upstream.close());

/** An exporter polling one cheap category, with the names listed `LIST_LIMIT` items a page. */
function exporterWith(argv: readonly string[]): Exporter {
  const { config } = loadConfig(['--categories=code_interpreter_sessions', ...argv], {});
  const metrics = new SelfMetrics({ version: 'test', revision: 'test' });
  const connection = { baseUrl: upstream.baseUrl, adminKey: ADMIN_KEY, sleep: async () => {} };
  const observer = { onResponse: (subject: string, code: string) => metrics.upstreamResponse(subject, code) };
  return new Exporter({
    config,
    source: new UsageClient({ ...connection, observer }),
    directory: new AdminDirectoryClient({ ...connection, observer, listLimit: LIST_LIMIT }),
    logger: pino({ level: 'debug' }, { write: (line: string) => logs.push(line) }),
    nowMs: () => now,
    metrics,
  });
}

const exposition = (exporter: Exporter): ParsedExposition => parseExposition(exporter.cache.plain.toString());
const samplesOf = (parsed: ParsedExposition, name: string): Sample[] =>
  parsed.samples.filter((s) => s.name === name);

describe('names from the admin listings', () => {
  let exporter: Exporter;
  let parsed: ParsedExposition;
  beforeAll(async () => {
    simulator.stats.reset();
    exporter = exporterWith([]);
    expect(await exporter.pollAll()).toBe(true);
    parsed = exposition(exporter);
  });

  it('page through every listing with limit and after', () => {
    const org = simulator.organization;
    const pages = (items: number) => Math.ceil(items / LIST_LIMIT);
    expect(simulator.stats.count('organization/users')).toBe(pages(org.users.length));
    expect(simulator.stats.byPath()['organization/projects']).toBe(pages(org.projects.length));
    for (const project of org.projects) {
      expect(simulator.stats.byPath()[`organization/projects/${project.id}/api_keys`]).toBe(pages(6));
    }
  });

  it('export one openai_project_info per project with its name and status, valued 1', () => {
    const info = samplesOf(parsed, 'openai_project_info');
    expect(info.map((s) => s.labels)).toEqual(
      [...simulator.organization.projects]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((p) => ({ organization: 'default', project_id: p.id, project_name: p.name, status: 'active' })),
    );
    expect(info.every((s) => s.value === 1)).toBe(true);
    expect(parsed.types.get('openai_project_info')).toBe('gauge');
  });

  it('export one openai_api_key_info per key with its name and project', () => {
    const info = samplesOf(parsed, 'openai_api_key_info');
    const expected = simulator.organization.apiKeys.map((k) => ({
      organization: 'default',
      api_key_id: k.id,
      api_key_name: k.name,
      project_id: k.projectId,
    }));
    expect(info).toHaveLength(expected.length);
    expect(info.map((s) => s.labels)).toEqual(expect.arrayContaining(expected));
    expect(info.every((s) => s.value === 1)).toBe(true);
  });

  it('export users with name and role, and no email label unless asked for', () => {
    const info = samplesOf(parsed, 'openai_user_info');
    const expected = simulator.organization.users.map((u) => ({
      organization: 'default',
      user_id: u.id,
      user_name: u.name,
      role: u.role,
    }));
    expect(info).toHaveLength(expected.length);
    expect(info.map((s) => s.labels)).toEqual(expect.arrayContaining(expected));
    expect(exporter.cache.plain.toString()).not.toContain('@');
  });

  it('report their poll as category="names" without a bucket_width label', () => {
    expect(
      samplesOf(parsed, 'openai_exporter_poll_success').find((s) => s.labels.category === 'names'),
    ).toEqual({
      name: 'openai_exporter_poll_success',
      labels: { organization: 'default', category: 'names' },
      value: 1,
    });
    expect(sumOf(parsed, 'openai_exporter_upstream_requests_total', { category: 'names', code: '200' })).toBe(
      simulator.stats.count('organization/users') + simulator.stats.count('organization/projects'),
    );
  });

  it('never carry the admin key into metrics or logs', () => {
    expect(exporter.cache.plain.toString()).not.toContain(ADMIN_KEY);
    expect(logs.join('')).not.toContain(ADMIN_KEY);
  });

  it('keep the last names and leave usage polling untouched when a listing fails', async () => {
    const usageBefore = sumOf(parsed, 'openai_code_interpreter_sessions_total');
    simulator.faults.inject({ kind: 'status', status: 403, pathPrefix: 'organization/projects' });
    try {
      now += 30 * 60_000;
      expect(await exporter.pollAll()).toBe(false);
    } finally {
      simulator.faults.clear();
    }
    const after = exposition(exporter);
    for (const name of ['openai_project_info', 'openai_api_key_info', 'openai_user_info']) {
      expect(samplesOf(after, name), name).toEqual(samplesOf(parsed, name));
    }
    expect(sumOf(after, 'openai_exporter_poll_success', { category: 'names' })).toBe(0);
    expect(sumOf(after, 'openai_exporter_poll_success', { category: 'code_interpreter_sessions' })).toBe(2);
    expect(sumOf(after, 'openai_code_interpreter_sessions_total')).toBeGreaterThan(usageBefore);
    expect(exporter.names?.progress.lastError).toContain('HTTP 403');
    expect(exporter.cache.plain.toString()).not.toContain(ADMIN_KEY);
    expect(logs.join('')).not.toContain(ADMIN_KEY);
  });
});

describe('names options', () => {
  it('add an email label to openai_user_info with --names.include-emails', async () => {
    const exporter = exporterWith(['--names.include-emails']);
    await exporter.pollAll();
    const info = samplesOf(exposition(exporter), 'openai_user_info');
    const expected = simulator.organization.users.map((u) => ({
      organization: 'default',
      user_id: u.id,
      user_name: u.name,
      role: u.role,
      email: u.email,
    }));
    expect(info.map((s) => s.labels)).toEqual(expect.arrayContaining(expected));
    expect(info).toHaveLength(expected.length);
  });

  it('list nothing and export no names with --names.enabled=false', async () => {
    simulator.stats.reset();
    const exporter = exporterWith(['--names.enabled=false']);
    expect(await exporter.pollAll()).toBe(true);
    const parsed = exposition(exporter);
    expect(exporter.names).toBeUndefined();
    expect(simulator.stats.count('organization/usage')).toBeGreaterThan(0);
    expect(simulator.stats.count('organization/projects') + simulator.stats.count('organization/users')).toBe(
      0,
    );
    expect(parsed.samples.some((s) => /^openai_(project|api_key|user)_info$/.test(s.name))).toBe(false);
    expect(parsed.samples.some((s) => s.labels.category === 'names')).toBe(false);
  });
});
