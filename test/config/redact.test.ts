import { describe, expect, it } from 'vitest';
import { redactConfig } from '../../src/config/index.js';
import { load } from './support.js';

const KEY = 'sk-admin-0123456789abcdefSECRET';

describe('redactConfig', () => {
  it('replaces the admin key with <redacted> and keeps everything else', () => {
    const { config } = load({ env: { OPENAI_ADMIN_KEY: KEY }, argv: ['--storage.path=/state'] });
    const redacted = redactConfig(config) as typeof config;
    expect(redacted.openai.adminKey).toBe('<redacted>');
    expect({ ...redacted, openai: { ...redacted.openai, adminKey: KEY } }).toStrictEqual(config);
    expect(JSON.stringify(redacted)).not.toContain('SECRET');
  });

  it('leaves the key out when there is none', () => {
    const redacted = redactConfig(load().config) as { openai: Record<string, unknown> };
    expect('adminKey' in redacted.openai).toBe(false);
  });

  it('does not touch the live config', () => {
    const { config } = load({ env: { OPENAI_ADMIN_KEY: KEY } });
    const redacted = redactConfig(config) as { categories: { costs: { groupBy: string[] } } };
    redacted.categories.costs.groupBy.push('api_key_id');
    expect(config.openai.adminKey).toBe(KEY);
    expect(config.categories.costs.groupBy).toEqual(['project_id', 'line_item']);
  });
});
