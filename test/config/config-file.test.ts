import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configErrorOf, load, loadYaml } from './support.js';

describe('the example config file', () => {
  const example = readFileSync(new URL('../../examples/config.yaml', import.meta.url), 'utf8');

  it('loads and sets what it says', () => {
    const { config } = loadYaml(example);
    expect(config.web.listenAddress).toBe(':9863');
    expect(config.openai).toStrictEqual({
      baseUrl: 'https://api.openai.com/v1',
      timeoutMs: 30_000,
      maxRetries: 4,
      requestsPerSecond: 2,
    });
    expect(config.poll).toMatchObject({
      intervalMs: 60_000,
      minuteWindowMs: 3_600_000,
      hourlyIntervalMs: 900_000,
      hourlyWindowMs: 86_400_000,
    });
    expect(config.costs).toStrictEqual({ intervalMs: 300_000, settleDays: 2 });
    expect(config.storage.path).toBe('./data');
    expect(config.budget).toStrictEqual({
      dailyUsd: 100,
      monthlyUsd: 2500,
      projectDailyUsd: { proj_abc: 20 },
      projectMonthlyUsd: {},
    });
    expect(config.categories.completions).toStrictEqual({
      enabled: true,
      groupBy: ['project_id', 'model', 'batch', 'service_tier'],
      filters: { batch: false },
    });
    expect(config.categories.moderations.enabled).toBe(false);
    expect(config.categories.embeddings.enabled).toBe(true);
  });

  it('works outside a container: every path it names is relative to where the exporter runs', () => {
    const { config } = loadYaml(example);
    expect(isAbsolute(config.storage.path)).toBe(false);
    expect(example).not.toMatch(/\s\/(data|etc|run)\b/);
  });
});

describe('the config file', () => {
  it('may be empty, or hold empty sections', () => {
    expect(loadYaml('').config).toStrictEqual(load().config);
    expect(loadYaml('web:\npoll:\ncategories:\n  images:\n').config).toStrictEqual(load().config);
  });

  it("sets each category's filters from the names its endpoint accepts", () => {
    const { config } = loadYaml(`
categories:
  completions: { filters: { project_ids: [proj_a, proj_b], models: [gpt-4o], batch: true } }
  images: { filters: { sources: [image.generation], sizes: [1024x1024], user_ids: [user_1] } }
  costs: { filters: { api_key_ids: [key_1] } }
`);
    expect(config.categories.completions.filters).toStrictEqual({
      project_ids: ['proj_a', 'proj_b'],
      models: ['gpt-4o'],
      batch: true,
    });
    expect(config.categories.images.filters).toStrictEqual({
      sources: ['image.generation'],
      sizes: ['1024x1024'],
      user_ids: ['user_1'],
    });
    expect(config.categories.costs.filters).toStrictEqual({ api_key_ids: ['key_1'] });
  });

  it('keeps per-project budgets as plain data, whatever the project is called', () => {
    const { config } = loadYaml(
      'budget: { projects: { __proto__: { daily_usd: 3 }, proj_a: { monthly_usd: 9 } } }',
    );
    expect(Object.keys(config.budget.projectDailyUsd)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(config.budget.projectDailyUsd)).toBe(Object.prototype);
    expect(config.budget.projectMonthlyUsd).toStrictEqual({ proj_a: 9 });
  });

  it('lets --categories replace the per-category enabled keys', () => {
    const { config } = loadYaml('categories: { moderations: { enabled: false }, costs: { enabled: true } }', {
      argv: ['--categories=moderations'],
    });
    expect(config.categories.moderations.enabled).toBe(true);
    expect(config.categories.costs.enabled).toBe(false);
  });

  it.each([
    ['an unknown top-level key', 'pol: { interval: 5s }', 'pol', /unknown key \(did you mean "poll"\?\)/],
    ['an unknown nested key', 'poll: { intervall: 5s }', 'poll.intervall', /did you mean "interval"/],
    [
      'a flag-style key',
      'web: { listen-address: ":1" }',
      'web.listen-address',
      /did you mean "listen_address"/,
    ],
    ['an unknown category', 'categories: { chat: {} }', 'categories.chat', /expected one of completions/],
    [
      'an unknown category key',
      'categories: { images: { groupby: [] } }',
      'categories.images.groupby',
      /group_by/,
    ],
    ['the config file path itself', 'config: { file: other.yaml }', 'config', /unknown key/],
    [
      'a filter the endpoint lacks',
      'categories: { images: { filters: { batch: true } } }',
      'categories.images.filters.batch',
      /images cannot be filtered by "batch"; expected one of project_ids/,
    ],
    [
      'a misspelt filter',
      'categories: { completions: { filters: { model: [gpt-4o] } } }',
      'categories.completions.filters.model',
      /did you mean "models"/,
    ],
    [
      'a non-boolean batch filter',
      'categories: { completions: { filters: { batch: [true] } } }',
      'categories.completions.filters.batch',
      /not a boolean/,
    ],
    [
      'an empty list filter',
      'categories: { completions: { filters: { models: [] } } }',
      'categories.completions.filters.models',
      /is empty; leave the filter out/,
    ],
    [
      'a blank item in a list filter',
      'categories: { costs: { filters: { project_ids: [proj_a, ""] } } }',
      'categories.costs.filters.project_ids[1]',
      /non-empty string/,
    ],
    ['a section that is not a mapping', 'poll: 5s', 'poll', /expected a mapping/],
    ['a document that is not a mapping', '- poll', '(top level)', /expected a mapping/],
  ])('refuses %s, naming its path', (_, yaml, path, problem) => {
    const error = configErrorOf(() => loadYaml(yaml));
    expect(error.option).toBe(path);
    expect(error.message).toMatch(problem);
  });

  it.each([
    ['openai: { admin_key: sk-admin-0123456789SECRET }', 'openai.admin_key'],
    ['openai: { api_key: sk-admin-0123456789SECRET }', 'openai.api_key'],
    ['openai: { key: sk-admin-0123456789SECRET }', 'openai.key'],
  ])('never accepts the admin key (%s) and never repeats it', (yaml, path) => {
    const error = configErrorOf(() => loadYaml(yaml));
    expect(error.option).toBe(path);
    expect(error.message).toMatch(
      /never read from the config file; set OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE/,
    );
    expect(error.message).not.toContain('SECRET');
  });

  it('reports YAML syntax errors with their position but without quoting the line', () => {
    const error = configErrorOf(() =>
      loadYaml('web: {}\nopenai: { base_url: x: sk-admin-0123456789SECRET\n'),
    );
    expect(error.option).toBe('/etc/exporter.yaml');
    expect(error.message).toMatch(/^\/etc\/exporter\.yaml: is not valid YAML: .* at line 2, column \d+$/);
    expect(error.message).not.toContain('SECRET');
  });

  it('refuses duplicate keys', () => {
    expect(configErrorOf(() => loadYaml('poll: {}\npoll: {}\n')).message).toMatch(/not valid YAML.*unique/i);
  });

  it('is refused when it cannot be read, naming the flag or variable that pointed at it', () => {
    const fromFlag = configErrorOf(() => load({ argv: ['--config.file=/nope.yaml'] }));
    expect(fromFlag.message).toBe('--config.file: cannot read "/nope.yaml" (ENOENT)');
    const fromEnv = configErrorOf(() => load({ env: { OPENAI_EXPORTER_CONFIG_FILE: '/nope.yaml' } }));
    expect(fromEnv.option).toBe('OPENAI_EXPORTER_CONFIG_FILE');
  });
});

describe("the example config file's commented organizations list", () => {
  const example = readFileSync(new URL('../../examples/config.yaml', import.meta.url), 'utf8');
  const uncommented = example.replace(/^# (organizations:| {2}.*)$/gm, '$1');

  it('loads once uncommented, as the two organizations it describes', () => {
    const key = 'sk-admin-example-0123456789abcdef';
    const { config } = loadYaml(uncommented, {
      env: { GLOBEX_ADMIN_KEY: key },
      files: { './secrets/acme-admin-key': key },
    });
    expect(config.organizations.map(({ name, adminKey }) => ({ name, adminKey }))).toEqual([
      { name: 'acme', adminKey: { kind: 'file', path: './secrets/acme-admin-key' } },
      { name: 'globex', adminKey: { kind: 'env', variable: 'GLOBEX_ADMIN_KEY' } },
    ]);
    expect(config.organizations[1]?.budget.dailyUsd).toBe(20);
  });
});
