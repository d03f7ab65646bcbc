import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ExporterConfig, REDACTED, renderConfigFile } from '../../src/config/index.js';
import { ALL_OPTIONS } from '../../src/config/option-list.js';
import { load, loadYaml } from './support.js';

const KEY = 'sk-admin-check-config-0123456789abcdef';

/** Dotted paths of every leaf of a parsed YAML document. */
function leafPaths(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [at];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, at === '' ? key : `${at}.${key}`));
}

/** The key comes from the environment, not the printed file, so the comparison leaves it out. */
function withoutKey(config: ExporterConfig): ExporterConfig {
  const { adminKey: _key, ...openai } = config.openai;
  return {
    ...config,
    openai,
    organizations: config.organizations.map((organization) => ({ ...organization, adminKey: undefined })),
  };
}

const CONFIGURATIONS: Record<string, Parameters<typeof load>[0]> = {
  'the defaults': {},
  'flags and environment of every kind': {
    argv: [
      '--web.listen-address=127.0.0.1:9100',
      '--web.config.file=/etc/web.yml',
      '--openai.timeout=1m30s',
      '--poll.window=90m',
      '--poll.jitter=0.25',
      '--backfill.max=3d',
      '--names.enabled=false',
      '--categories=completions,costs',
      '--completions.group-by=project_id,api_key_id',
      '--embeddings.group-by=',
      '--budget.daily-usd=12.5',
      '--budget.project-daily-usd=proj_a=10,proj_b=2.25',
      '--budget.project-monthly-usd=proj_b=300',
      '--demo',
    ],
    env: { OPENAI_EXPORTER_LOG_LEVEL: 'debug', OPENAI_ADMIN_KEY: KEY },
  },
};

describe('--check-config', () => {
  it.each(Object.entries(CONFIGURATIONS))(
    'prints %s as a config file that loads back to the same configuration',
    (_, input) => {
      const { config } = load(input);
      const text = renderConfigFile(config);
      const { config: reloaded } = loadYaml(text, { env: { OPENAI_ADMIN_KEY: KEY } });
      expect(withoutKey(reloaded)).toStrictEqual(withoutKey(config));
    },
  );

  it('keeps per-category filters and disabled categories in file terms', () => {
    const yaml = [
      'categories:',
      '  moderations: { enabled: false }',
      '  completions: { filters: { batch: false, models: [gpt-4o] } }',
      'budget: { projects: { proj_x: { monthly_usd: 40 } } }',
    ].join('\n');
    const { config } = loadYaml(yaml);
    const printed = parse(renderConfigFile(config));
    expect(printed.categories.moderations.enabled).toBe(false);
    expect(printed.categories.completions.filters).toEqual({ batch: false, models: ['gpt-4o'] });
    expect(printed.budget.projects).toEqual({ proj_x: { monthly_usd: 40 } });
    expect(loadYaml(renderConfigFile(config)).config).toStrictEqual(config);
  });

  it('writes durations as a user does and uses only keys the config file knows', () => {
    const printed = parse(renderConfigFile(load().config));
    expect(printed.poll).toMatchObject({ interval: '1m', window: '1h', hourly_window: '1d' });
    expect(printed.openai.timeout).toBe('30s');
    const fileKeys = new Set(
      ALL_OPTIONS.flatMap((spec) => (spec.filePath === undefined ? [] : [spec.filePath])),
    );
    for (const path of leafPaths(printed)) {
      const known =
        fileKeys.has(path) || /^categories\.\w+\.enabled$/.test(path) || path.startsWith('budget.projects.');
      expect(known, path).toBe(true);
    }
    for (const key of fileKeys) {
      if (!['web.config_file', 'budget.daily_usd', 'budget.monthly_usd'].includes(key))
        expect(leafPaths(printed), key).toContain(key);
    }
  });

  it('mentions the admin key only redacted, in a comment', () => {
    const text = renderConfigFile(load({ env: { OPENAI_ADMIN_KEY: KEY } }).config);
    expect(text).not.toContain(KEY);
    expect(text).toMatch(new RegExp(`^# .*admin key.*${REDACTED}`, 'm'));
    expect(renderConfigFile(load({ argv: ['--demo'] }).config)).not.toContain(REDACTED);
  });

  describe('with an organizations list', () => {
    const ACME_KEY = 'sk-admin-acme-check-0123456789abcdef';
    const GLOBEX_KEY = 'sk-admin-globex-check-0123456789abcdef';
    const input = { env: { GLOBEX_KEY }, files: { './secrets/acme': ACME_KEY } };
    const yaml = [
      'budget: { daily_usd: 50 }',
      'organizations:',
      '  - name: acme',
      '    admin_key_file: ./secrets/acme',
      '  - name: globex',
      '    admin_key_env: GLOBEX_KEY',
      '    base_url: https://globex.test/v1',
      '    categories: [completions, costs]',
      '    budget: { monthly_usd: 70, projects: { proj_g: { daily_usd: 3 } } }',
    ].join('\n');

    it('prints each entry with its key file or variable, and what it sets apart from the top level', () => {
      const printed = parse(renderConfigFile(loadYaml(yaml, input).config));
      expect(printed.organizations).toEqual([
        { name: 'acme', admin_key_file: './secrets/acme' },
        {
          name: 'globex',
          admin_key_env: 'GLOBEX_KEY',
          base_url: 'https://globex.test/v1',
          categories: ['completions', 'costs'],
          budget: { monthly_usd: 70, projects: { proj_g: { daily_usd: 3 } } },
        },
      ]);
      expect(printed.organization).toBeUndefined();
    });

    it('never prints a key read from a file or a variable, and loads back to the same configuration', () => {
      const { config } = loadYaml(yaml, input);
      const text = renderConfigFile(config);
      expect(text).not.toContain(ACME_KEY);
      expect(text).not.toContain(GLOBEX_KEY);
      expect(text).not.toContain(REDACTED);
      expect(text).toMatch(/^# admin keys: read from each entry's admin_key_file or admin_key_env/m);
      expect(loadYaml(text, input).config).toStrictEqual(config);
    });

    it('prints the single organization as organization.name, loadable beside OPENAI_ADMIN_KEY', () => {
      const { config } = load({ argv: ['--organization.name=acme'], env: { OPENAI_ADMIN_KEY: KEY } });
      expect(parse(renderConfigFile(config)).organization).toEqual({ name: 'acme' });
      expect(parse(renderConfigFile(config)).organizations).toBeUndefined();
    });
  });
});
