// configFor: the configuration one organization's exporter runs with.

import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';
import { configFor } from '../../src/config/organization-config.js';
import { load, loadYaml } from './support.js';

const KEY = 'sk-admin-acme-0123456789abcdefSECRET';

describe('configFor', () => {
  const { config } = loadYaml(
    [
      'budget: { daily_usd: 50 }',
      'organizations:',
      '  - { name: acme, admin_key_env: ACME_KEY }',
      '  - name: globex',
      '    admin_key_env: ACME_KEY',
      '    base_url: https://globex.test/v1',
      '    categories: [costs]',
      '    budget: { monthly_usd: 70 }',
    ].join('\n'),
    { env: { ACME_KEY: KEY } },
  );
  const [acme, globex] = config.organizations;

  it('gives an organization its base URL, categories and budget, and keeps everything else shared', () => {
    if (globex === undefined) throw new Error('globex is listed');
    const own = configFor(config, globex);
    expect(own.openai.baseUrl).toBe('https://globex.test/v1');
    expect(CATEGORY_IDS.filter((id) => own.categories[id].enabled)).toEqual(['costs']);
    expect(own.budget).toStrictEqual({ monthlyUsd: 70, projectDailyUsd: {}, projectMonthlyUsd: {} });
    expect(own.organizations).toStrictEqual([globex]);
    expect({ ...own.poll, ...own.storage }).toStrictEqual({ ...config.poll, ...config.storage });
  });

  it('leaves an organization that sets nothing of its own with the top-level settings', () => {
    if (acme === undefined) throw new Error('acme is listed');
    const own = configFor(config, acme);
    expect(own.openai.baseUrl).toBe(config.openai.baseUrl);
    expect(own.categories).toBe(config.categories);
    expect(own.budget).toBe(config.budget);
  });

  it('is the configuration itself for the single organization, key included', () => {
    const single = load({ env: { OPENAI_ADMIN_KEY: KEY } }).config;
    const [only] = single.organizations;
    if (only === undefined) throw new Error('there is always one organization');
    expect(configFor(single, only)).toStrictEqual(single);
  });
});
