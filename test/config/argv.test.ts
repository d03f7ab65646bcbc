import { describe, expect, it } from 'vitest';
import { configErrorOf, load } from './support.js';

describe('command-line syntax', () => {
  it('accepts --name value and --name=value alike', () => {
    const spaced = load({ argv: ['--storage.path', '/a', '--series.limit', '7'] }).config;
    const joined = load({ argv: ['--storage.path=/a', '--series.limit=7'] }).config;
    expect([spaced.storage.path, spaced.series.limit]).toEqual(['/a', 7]);
    expect(joined).toStrictEqual(spaced);
  });

  it('keeps everything after the first = as the value', () => {
    expect(load({ argv: ['--budget.project-daily-usd=proj_a=1'] }).config.budget.projectDailyUsd).toEqual({
      proj_a: 1,
    });
  });

  it('takes an empty value after = as given, so a grouping can be switched off', () => {
    expect(load({ argv: ['--completions.group-by='] }).config.categories.completions.groupBy).toEqual([]);
    expect(load({ argv: ['--completions.group-by', ''] }).config.categories.completions.groupBy).toEqual([]);
  });

  it('sets a bare boolean flag to true and accepts an explicit value after =', () => {
    expect(load({ argv: ['--demo'] }).config.demo).toBe(true);
    expect(load({ argv: ['--demo=false'] }).config.demo).toBe(false);
    expect(load({ argv: ['--demo=1'] }).config.demo).toBe(true);
    expect(load({ argv: ['--demo=false'], env: { OPENAI_EXPORTER_DEMO: 'true' } }).config.demo).toBe(false);
  });

  it('refuses a boolean value separated by a space, showing the = form', () => {
    const error = configErrorOf(() => load({ argv: ['--demo', 'false'] }));
    expect(error.message).toMatch(/unexpected argument "false"; to set a boolean flag write --demo=false/);
  });

  it('refuses positional arguments without echoing anything shaped like a key', () => {
    const error = configErrorOf(() => load({ argv: ['sk-admin-abcdefghijklmnop'] }));
    expect(error.option).toBe('argv[0]');
    expect(error.message).toMatch(/unexpected argument/);
    expect(error.message).not.toContain('abcdefghijklmnop');
  });

  it('points out single-dash flags', () => {
    expect(configErrorOf(() => load({ argv: ['-demo'] })).message).toMatch(/flags start with two dashes/);
  });

  it('refuses unknown flags and suggests a close spelling', () => {
    const error = configErrorOf(() => load({ argv: ['--poll.intervall=5s'] }));
    expect(error.option).toBe('--poll.intervall');
    expect(error.message).toBe('--poll.intervall: unknown flag (did you mean --poll.interval?)');
  });

  it('suggests nothing when no flag is close', () => {
    expect(configErrorOf(() => load({ argv: ['--frobnicate'] })).message).toBe('--frobnicate: unknown flag');
  });

  it('explains that there is no flag for the admin key, without echoing the value', () => {
    const error = configErrorOf(() => load({ argv: ['--openai.admin-key=sk-admin-secretsecret'] }));
    expect(error.option).toBe('--openai.admin-key');
    expect(error.message).toMatch(/no flag for the admin key.*OPENAI_ADMIN_KEY/);
    expect(error.message).not.toContain('secretsecret');
  });

  it.each([
    [['--storage.path'], '--storage.path'],
    [['--storage.path', '--demo'], '--storage.path'],
  ])('refuses a value flag with no value: %j', (argv, flag) => {
    const error = configErrorOf(() => load({ argv }));
    expect(error.option).toBe(flag);
    expect(error.message).toMatch(/needs a value, e\.g\. --storage\.path=<dir>/);
  });

  it.each([
    [['--storage.path=/a', '--storage.path=/b'], '--storage.path'],
    [['--demo', '--demo=false'], '--demo'],
    [['--once', '--once'], '--once'],
  ])('refuses a flag given twice: %j', (argv, flag) => {
    const error = configErrorOf(() => load({ argv }));
    expect(error.option).toBe(flag);
    expect(error.message).toMatch(/given more than once/);
  });
});

describe('action flags', () => {
  it.each([
    ['--check-config', 'checkConfig'],
    ['--once', 'once'],
    ['--help', 'help'],
    ['-h', 'help'],
    ['--version', 'version'],
    ['-v', 'version'],
  ] as const)('%s requests %s', (flag, action) => {
    const loaded = load({ argv: [flag] });
    expect(loaded[action]).toBe(true);
  });

  it('can be switched off explicitly', () => {
    expect(load({ argv: ['--once=false'] }).once).toBe(false);
  });

  it('are not read from the environment', () => {
    expect(load({ env: { OPENAI_EXPORTER_ONCE: 'true', OPENAI_EXPORTER_CHECK_CONFIG: 'true' } }).once).toBe(
      false,
    );
  });

  it('still validates everything for --check-config and --once', () => {
    expect(() => load({ argv: ['--check-config'], env: { OPENAI_EXPORTER_POLL_JITTER: '2' } })).toThrow(
      /OPENAI_EXPORTER_POLL_JITTER/,
    );
  });

  it.each(['--help', '--version'])(
    '%s answers even when the environment and config file are broken',
    (flag) => {
      const loaded = load({
        argv: [flag, '--config.file=/missing.yaml'],
        env: { OPENAI_EXPORTER_POLL_JITTER: '2', OPENAI_ADMIN_KEY: '' },
      });
      expect(loaded.help || loaded.version).toBe(true);
      expect(loaded.config.poll.jitter).toBe(0.1);
    },
  );
});
