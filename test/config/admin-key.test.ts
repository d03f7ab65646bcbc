import { describe, expect, it } from 'vitest';
import { configErrorOf, load } from './support.js';

const KEY = 'sk-admin-0123456789abcdefSECRET';

describe('the admin key', () => {
  it('is absent when neither variable is set; whether that is fatal is up to the caller', () => {
    expect(load().config.openai.adminKey).toBeUndefined();
    expect('adminKey' in load().config.openai).toBe(false);
  });

  it('comes from OPENAI_ADMIN_KEY, trimmed', () => {
    expect(load({ env: { OPENAI_ADMIN_KEY: ` ${KEY}\n` } }).config.openai.adminKey).toBe(KEY);
  });

  it('comes from the file named by OPENAI_ADMIN_KEY_FILE, trimmed of the trailing newline', () => {
    const loaded = load({
      env: { OPENAI_ADMIN_KEY_FILE: '/run/secrets/key' },
      files: { '/run/secrets/key': `${KEY}\n` },
    });
    expect(loaded.config.openai.adminKey).toBe(KEY);
  });

  it('is refused when both variables are set, naming both', () => {
    const error = configErrorOf(() =>
      load({
        env: { OPENAI_ADMIN_KEY: KEY, OPENAI_ADMIN_KEY_FILE: '/run/secrets/key' },
        files: { '/run/secrets/key': KEY },
      }),
    );
    expect(error.message).toMatch(/OPENAI_ADMIN_KEY.*OPENAI_ADMIN_KEY_FILE/);
    expect(error.message).toMatch(/set only one/);
  });

  it('is refused when the file cannot be read, naming the variable and the path', () => {
    const error = configErrorOf(() => load({ env: { OPENAI_ADMIN_KEY_FILE: '/run/secrets/missing' } }));
    expect(error.option).toBe('OPENAI_ADMIN_KEY_FILE');
    expect(error.message).toBe('OPENAI_ADMIN_KEY_FILE: cannot read "/run/secrets/missing" (ENOENT)');
  });

  it.each([
    ['OPENAI_ADMIN_KEY is empty', { OPENAI_ADMIN_KEY: '' }, {}, 'OPENAI_ADMIN_KEY', /is empty/],
    ['OPENAI_ADMIN_KEY is blank', { OPENAI_ADMIN_KEY: '  \n' }, {}, 'OPENAI_ADMIN_KEY', /is empty/],
    [
      'OPENAI_ADMIN_KEY_FILE is empty',
      { OPENAI_ADMIN_KEY_FILE: '' },
      {},
      'OPENAI_ADMIN_KEY_FILE',
      /path of a file/,
    ],
    [
      'the key file is blank',
      { OPENAI_ADMIN_KEY_FILE: '/k' },
      { '/k': '\n' },
      'OPENAI_ADMIN_KEY_FILE',
      /admin key in "\/k" is empty/,
    ],
  ])('is refused when %s', (_, env, files, variable, problem) => {
    const error = configErrorOf(() => load({ env, files }));
    expect(error.option).toBe(variable);
    expect(error.message).toMatch(problem);
  });

  it('is refused when it holds whitespace, without showing any of it', () => {
    const key = `${KEY}\nsk-admin-second-line-SECRET`;
    for (const input of [
      { env: { OPENAI_ADMIN_KEY: key } },
      { env: { OPENAI_ADMIN_KEY_FILE: '/k' }, files: { '/k': key } },
    ]) {
      const error = configErrorOf(() => load(input));
      expect(error.message).toMatch(/contains whitespace/);
      expect(error.message).not.toContain('SECRET');
    }
  });

  it('is not read for --help, so a broken key setup cannot hide the help', () => {
    expect(load({ argv: ['--help'], env: { OPENAI_ADMIN_KEY: KEY } }).config.openai.adminKey).toBeUndefined();
  });
});

describe('a key that is not an admin key', () => {
  const SECRET = 'T3BlbkFJ0123456789abcdefXYZ';
  it.each([
    ['a project key', `sk-proj-${SECRET}`, /project key/],
    ['a service account key', `sk-svcacct-${SECRET}`, /service account key/],
    ['a legacy user key', `sk-${SECRET}`, /not an admin key/],
    ['something else entirely', `Bearer-${SECRET}`, /not an admin key/],
  ])('is refused at once when it is %s, explaining admin keys without echoing it', (_, key, kind) => {
    for (const input of [
      { env: { OPENAI_ADMIN_KEY: key } },
      { env: { OPENAI_ADMIN_KEY_FILE: '/k' }, files: { '/k': `${key}\n` } },
    ]) {
      const error = configErrorOf(() => load(input));
      expect(error.message).toMatch(kind);
      expect(error.message).toContain('sk-admin-');
      expect(error.message).toContain('https://platform.openai.com/settings/organization/admin-keys');
      expect(error.message).not.toContain(SECRET);
    }
  });
});
