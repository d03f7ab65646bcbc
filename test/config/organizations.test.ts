// The `organizations:` list of the config file (issue 16): each entry names its label value and
// where its admin key is; every bad entry is refused at load, naming the entry.

import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';
import { configErrorOf, load, loadYaml } from './support.js';

const ACME_KEY = 'sk-admin-acme-0123456789abcdefSECRET';
const GLOBEX_KEY = 'sk-admin-globex-0123456789abcdefSECRET';
const FILES = { './secrets/acme': `${ACME_KEY}\n` };
const ENV = { GLOBEX_ADMIN_KEY: GLOBEX_KEY };

const TWO = `
organizations:
  - name: acme
    admin_key_file: ./secrets/acme
  - name: globex
    admin_key_env: GLOBEX_ADMIN_KEY
    base_url: https://globex.test/v1
    categories: [completions, costs]
    budget: { daily_usd: 5, projects: { proj_g: { monthly_usd: 40 } } }
`;

/** Loads `yaml` with both keys available, as a deployment would provide them. */
const loadTwo = (yaml = TWO, argv: string[] = []) => loadYaml(yaml, { env: ENV, files: FILES, argv });

/** A file with one entry whose body is `body` (YAML lines indented under the list item). */
const oneEntry = (body: string) =>
  `organizations:\n  - name: acme\n    admin_key_file: ./secrets/acme\n${body}`;

describe('an organizations list', () => {
  it('gives each entry its name and key source, the rest from the top level unless the entry says otherwise', () => {
    const { config } = loadTwo(`budget: { monthly_usd: 900 }\n${TWO}`);
    const [acme, globex] = config.organizations;
    expect(config.organizations).toHaveLength(2);
    expect(acme).toStrictEqual({
      name: 'acme',
      adminKey: { kind: 'file', path: './secrets/acme' },
      baseUrl: 'https://api.openai.com/v1',
      categories: config.categories,
      budget: config.budget,
      listed: true,
    });
    expect(globex?.adminKey).toStrictEqual({ kind: 'env', variable: 'GLOBEX_ADMIN_KEY' });
    expect(globex?.baseUrl).toBe('https://globex.test/v1');
    expect(globex?.budget).toStrictEqual({
      dailyUsd: 5,
      projectDailyUsd: {},
      projectMonthlyUsd: { proj_g: 40 },
    });
    expect(globex?.listed).toBe(true);
  });

  it('enables exactly the categories an entry lists, even ones the top level disables, keeping global group_by', () => {
    const { config } = loadTwo(`categories: { costs: { enabled: false } }\n${TWO}`, [
      '--completions.group-by=model',
    ]);
    const globex = config.organizations[1];
    const enabled = CATEGORY_IDS.filter((id) => globex?.categories[id].enabled);
    expect(enabled).toEqual(['completions', 'costs']);
    expect(globex?.categories.completions.groupBy).toEqual(['model']);
    expect(config.organizations[0]?.categories.costs.enabled).toBe(false);
  });

  it('takes `all` as every category', () => {
    const { config } = loadTwo(oneEntry('    categories: all\n'));
    expect(CATEGORY_IDS.every((id) => config.organizations[0]?.categories[id].enabled)).toBe(true);
  });

  it('leaves config.openai.adminKey unset: keys belong to the entries', () => {
    expect(loadTwo().config.openai.adminKey).toBeUndefined();
  });

  it('needs no keys with --demo, which hands out its own', () => {
    const { config } = loadYaml('organizations:\n  - name: acme\n  - name: globex\n', { argv: ['--demo'] });
    expect(config.organizations.map((organization) => organization.adminKey)).toEqual([undefined, undefined]);
  });
});

describe('without an organizations list', () => {
  it('there is one organization, named default, keyed by OPENAI_ADMIN_KEY_FILE, not listed', () => {
    const { config } = load({ env: { OPENAI_ADMIN_KEY_FILE: './secrets/acme' }, files: FILES });
    expect(config.organizations).toStrictEqual([
      {
        name: 'default',
        adminKey: { kind: 'file', path: './secrets/acme' },
        baseUrl: config.openai.baseUrl,
        categories: config.categories,
        budget: config.budget,
        listed: false,
      },
    ]);
    expect(config.openai.adminKey).toBe(ACME_KEY);
  });

  it('keys it by OPENAI_ADMIN_KEY and names it by --organization.name', () => {
    const { config } = load({ argv: ['--organization.name=acme'], env: { OPENAI_ADMIN_KEY: ACME_KEY } });
    expect(config.organizations.map(({ name, adminKey }) => ({ name, adminKey }))).toEqual([
      { name: 'acme', adminKey: { kind: 'env', variable: 'OPENAI_ADMIN_KEY' } },
    ]);
  });

  it.each(['Acme', 'acme corp', 'acme.io', 'ácme'])('refuses the organization name %j', (name) => {
    const error = configErrorOf(() => load({ env: { OPENAI_EXPORTER_ORGANIZATION_NAME: name } }));
    expect(error.option).toBe('OPENAI_EXPORTER_ORGANIZATION_NAME');
    expect(error.problem).toMatch(/not a valid organization name; use only a-z, 0-9, _ and -/);
  });
});

describe('a bad organizations list exits naming the entry', () => {
  const problem = (yaml: string, input: { argv?: string[]; env?: NodeJS.ProcessEnv } = {}) =>
    configErrorOf(() =>
      loadYaml(yaml, { env: { ...ENV, ...input.env }, files: FILES, argv: input.argv ?? [] }),
    ).message;

  it('refuses a name used twice', () => {
    const yaml = `${TWO}  - name: acme\n    admin_key_env: GLOBEX_ADMIN_KEY\n`;
    expect(problem(yaml)).toBe(
      '/etc/exporter.yaml: organizations[2] (acme): the name is already used by organizations[0]; names must be unique',
    );
  });

  it.each([
    ['Acme', /organizations\[0\]: name: "Acme" is not a valid organization name/],
    ['', /organizations\[0\]: name: must not be empty/],
  ])('refuses the name %j', (name, message) => {
    expect(problem(`organizations:\n  - name: "${name}"\n    admin_key_file: ./secrets/acme\n`)).toMatch(
      message,
    );
  });

  it('refuses an entry without a name', () => {
    expect(problem('organizations:\n  - admin_key_file: ./secrets/acme\n')).toBe(
      '/etc/exporter.yaml: organizations[0]: name is required',
    );
  });

  it('refuses an entry that names both key sources', () => {
    expect(problem(oneEntry('    admin_key_env: GLOBEX_ADMIN_KEY\n'))).toBe(
      '/etc/exporter.yaml: organizations[0] (acme): admin_key_file, admin_key_env: set only one of admin_key_file and admin_key_env',
    );
  });

  it('refuses an entry that names neither key source, unless --demo', () => {
    expect(problem('organizations:\n  - name: globex\n')).toBe(
      '/etc/exporter.yaml: organizations[0] (globex): needs admin_key_file or admin_key_env (only --demo runs without keys)',
    );
  });

  it('refuses an unknown key with a suggestion', () => {
    expect(problem(oneEntry('    base_ulr: https://a.test/v1\n'))).toMatch(
      /^\/etc\/exporter\.yaml: organizations\[0\] \(acme\): base_ulr: unknown key \(did you mean "base_url"\?\); expected one of name, admin_key_file/,
    );
  });

  it.each(['admin_key', 'api_key', 'key'])('refuses %s, an inline key, with the admin key answer', (key) => {
    const message = problem(oneEntry(`    ${key}: not-really-a-key\n`));
    expect(message).toBe(
      `/etc/exporter.yaml: organizations[0] (acme): ${key}: the admin key is never read from the config file; name its file with admin_key_file or its variable with admin_key_env`,
    );
  });

  it('refuses a key-shaped value anywhere in an entry, never echoing it', () => {
    for (const body of [`    admin_key: ${ACME_KEY}\n`, `    base_url: https://a.test/${ACME_KEY}\n`]) {
      const message = problem(oneEntry(body));
      expect(message).toMatch(
        /^\/etc\/exporter\.yaml: organizations\[0\]\.\w+: looks like an OpenAI API key/,
      );
      expect(message).not.toContain(ACME_KEY);
    }
  });

  it('refuses an unreadable key file by its error code, naming the entry and the path', () => {
    expect(problem('organizations:\n  - name: acme\n    admin_key_file: ./secrets/missing\n')).toBe(
      '/etc/exporter.yaml: organizations[0] (acme): cannot read "./secrets/missing" (ENOENT)',
    );
  });

  it('refuses a key that is not an admin key, without quoting it', () => {
    const projectKey = 'sk-proj-0123456789abcdefSECRET';
    const message = problem(oneEntry('').replace('admin_key_file: ./secrets/acme', 'admin_key_env: ACME'), {
      env: { ACME: projectKey },
    });
    expect(message).toMatch(
      /^\/etc\/exporter\.yaml: organizations\[0\] \(acme\): the admin key in ACME is a project key/,
    );
    expect(message).not.toContain(projectKey);
  });

  it('refuses a variable that is not set, or not a variable name', () => {
    const entry = (variable: string) => `organizations:\n  - name: acme\n    admin_key_env: ${variable}\n`;
    expect(problem(entry('ACME_MISSING'))).toBe(
      '/etc/exporter.yaml: organizations[0] (acme): ACME_MISSING is not set',
    );
    expect(problem(entry('"ACME KEY"'))).toBe(
      '/etc/exporter.yaml: organizations[0] (acme): admin_key_env: is not an environment variable name',
    );
  });

  it.each([
    [
      '    categories: [completions, embedings]\n',
      'categories[1]: "embedings" is not a category (did you mean "embeddings"?)',
    ],
    ['    categories: []\n', 'categories: enable at least one category'],
    ['    base_url: ftp://a.test\n', 'base_url: '],
    ['    budget: { daily_usd: -1 }\n', 'budget.daily_usd: '],
    ['    budget: { weekly_usd: 1 }\n', 'budget.weekly_usd: unknown key'],
    [
      '    budget: { projects: { proj_a: { yearly_usd: 1 } } }\n',
      'budget.projects.proj_a.yearly_usd: unknown key',
    ],
  ])('refuses %j with the key inside the entry', (body, message) => {
    expect(problem(oneEntry(body))).toContain(`organizations[0] (acme): ${message}`);
  });

  it.each([
    [
      'organizations: []\n',
      'organizations: is empty; list at least one organization, or leave organizations out',
    ],
    [
      'organizations:\n',
      'organizations: is empty; list at least one organization, or leave organizations out',
    ],
    ['organizations: { name: acme }\n', 'organizations: expected a list, got a mapping'],
    ['organizations: [acme]\n', 'organizations[0]: expected a mapping, got a string'],
  ])('refuses %j', (yaml, message) => {
    expect(problem(yaml)).toBe(`/etc/exporter.yaml: ${message}`);
  });

  it.each([
    ['OPENAI_ADMIN_KEY', ACME_KEY],
    ['OPENAI_ADMIN_KEY_FILE', './secrets/acme'],
  ])('refuses %s beside a list, naming it', (variable, value) => {
    const error = configErrorOf(() => loadYaml(TWO, { env: { ...ENV, [variable]: value }, files: FILES }));
    expect(error.option).toBe(variable);
    expect(error.problem).toMatch(/must not be set when the config file .* lists organizations/);
    expect(error.message).not.toContain(ACME_KEY);
  });

  it.each<[{ argv?: string[]; env?: NodeJS.ProcessEnv }, string]>([
    [{ argv: ['--organization.name=acme'] }, '--organization.name'],
    [{ env: { OPENAI_EXPORTER_ORGANIZATION_NAME: 'acme' } }, 'OPENAI_EXPORTER_ORGANIZATION_NAME'],
  ])('refuses the single organization name beside a list (%j)', (input, option) => {
    const error = configErrorOf(() =>
      loadYaml(TWO, { env: { ...ENV, ...input.env }, files: FILES, argv: input.argv ?? [] }),
    );
    expect(error.option).toBe(option);
    expect(error.problem).toMatch(/cannot be set when the config file has an organizations list/);
  });

  it('refuses organization.name in the same file as a list', () => {
    expect(problem(`organization: { name: acme }\n${TWO}`)).toMatch(
      /organization\.name: cannot be set when the config file has an organizations list/,
    );
  });
});
