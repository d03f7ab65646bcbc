import { describe, expect, it } from 'vitest';
import { readAdminKey } from '../../src/config/admin-key.js';
import { configErrorOf, fakeReadFile, load } from './support.js';

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

describe('readAdminKey, which reads a source again whenever its key may have changed', () => {
  const files = (contents: string) => fakeReadFile({ './secrets/acme': contents });
  const fileSource = { kind: 'file', path: './secrets/acme' } as const;

  it('reads the file afresh at each call, so a rotated key is picked up', () => {
    let contents = `${KEY}\n`;
    const readFile = (path: string) => fakeReadFile({ './secrets/acme': contents })(path);
    expect(readAdminKey(fileSource, {}, readFile)).toBe(KEY);
    contents = 'sk-admin-rotated-0123456789abcdef';
    expect(readAdminKey(fileSource, {}, readFile)).toBe('sk-admin-rotated-0123456789abcdef');
  });

  it('reads the named variable, trimmed', () => {
    expect(readAdminKey({ kind: 'env', variable: 'ACME_KEY' }, { ACME_KEY: ` ${KEY} ` }, files(''))).toBe(
      KEY,
    );
  });

  it('names the entry it is given, the path, and of a failed read only the code', () => {
    const error = configErrorOf(() =>
      readAdminKey({ kind: 'file', path: './secrets/gone' }, {}, files(KEY), 'organizations[1] (globex)'),
    );
    expect(error.message).toBe('organizations[1] (globex): cannot read "./secrets/gone" (ENOENT)');
  });

  it('by default names the variable, or OPENAI_ADMIN_KEY_FILE for a file', () => {
    expect(
      configErrorOf(() => readAdminKey({ kind: 'env', variable: 'ACME_KEY' }, {}, files(''))).message,
    ).toBe('ACME_KEY: ACME_KEY is not set');
    expect(configErrorOf(() => readAdminKey(fileSource, {}, files('\n'))).message).toBe(
      'OPENAI_ADMIN_KEY_FILE: the admin key in "./secrets/acme" is empty',
    );
  });

  it('checks the key like the single-organization key, without echoing it', () => {
    const key = 'sk-proj-T3BlbkFJ0123456789abcdefXYZ';
    const error = configErrorOf(() => readAdminKey(fileSource, {}, files(key), 'organizations[0] (acme)'));
    expect(error.message).toMatch(
      /^organizations\[0\] \(acme\): the admin key in "\.\/secrets\/acme" is a project key/,
    );
    expect(error.message).not.toContain('T3BlbkFJ');
  });
});
