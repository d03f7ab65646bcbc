// Each kind of bad value is refused with a ConfigError that names where it came from and what is wrong.

import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';
import { configErrorOf, load, loadYaml } from './support.js';

describe('a bad flag value', () => {
  it.each([
    ['web.listen-address', '9863', /has no port/],
    ['web.listen-address', 'localhost:65536', /invalid port; expected 0-65535/],
    ['web.listen-address', 'localhost:http', /invalid port/],
    ['web.listen-address', '::1:9863', /put an IPv6 host in brackets/],
    ['web.telemetry-path', 'metrics', /must start with \//],
    ['names.interval', '30s', /too short; the minimum is 1m/],
    ['names.include-emails', 'yes', /not a boolean/],
    ['web.telemetry-path', '/metrics?x=1', /plain path/],
    ['web.config.file', '', /must not be empty/],
    ['openai.base-url', 'api.openai.com/v1', /not a valid URL/],
    ['openai.base-url', 'ftp://api.openai.com/v1', /must be an http or https URL/],
    ['openai.base-url', 'https://api.openai.com/v1?x=1', /query string/],
    ['openai.timeout', '30', /not a duration/],
    ['openai.timeout', '0s', /too short/],
    ['openai.max-retries', 'four', /"four" is not an integer/],
    ['openai.max-retries', '1.5', /not an integer/],
    ['openai.max-retries', '21', /between 0 and 20/],
    ['openai.max-retries', '-1', /between 0 and 20/],
    ['openai.requests-per-second', '0', /greater than 0/],
    ['openai.requests-per-second', 'fast', /not a number/],
    ['openai.requests-per-second', 'Infinity', /not a number/],
    ['poll.interval', '500ms', /too short; the minimum is 1s/],
    ['poll.window', '30s', /too short; the minimum is 1m/],
    ['poll.window', '90s', /whole number of minutes/],
    ['poll.window', '25h', /too long; the maximum is 1d/],
    ['poll.window', '24h', /must be shorter than --poll.hourly-window/],
    ['poll.hourly-interval', '0', /too short/],
    ['poll.hourly-window', '90m', /whole number of hours/],
    ['poll.hourly-window', '169h', /too long; the maximum is 7d/],
    ['poll.concurrency', '0', /at least 1/],
    ['poll.jitter', '1.5', /between 0 and 1/],
    ['poll.jitter', '-0.1', /between 0 and 1/],
    ['costs.interval', 'often', /not a duration/],
    ['costs.settle-days', '32', /between 0 and 31/],
    ['storage.path', ' ', /must not be empty/],
    ['backfill.max', '8d', /too long; the maximum is 7d/],
    ['series.limit', '0', /at least 1/],
    [
      'log.level',
      'verbose',
      /"verbose" is not valid; expected one of trace, debug, info, warn, error, fatal, silent/,
    ],
    ['log.format', 'xml', /expected one of auto, json, pretty/],
    ['demo', 'yes', /not a boolean; expected true, false, 1 or 0/],
    ['categories', 'completion', /"completion" is not a category \(did you mean "completions"\?\)/],
    ['categories', 'costs,costs', /"costs" is listed twice/],
    ['categories', '', /enable at least one category/],
    ['categories', 'costs,,images', /empty item/],
    ['completions.group-by', 'model,colour', /"colour" is not a dimension of completions; expected one of/],
    ['completions.group-by', 'modle', /did you mean "model"/],
    ['embeddings.group-by', 'batch', /"batch" is not a dimension of embeddings/],
    ['costs.group-by', 'model', /"model" is not a dimension of costs/],
    ['images.group-by', 'model,model', /"model" is listed twice/],
    ['budget.daily-usd', '-5', /greater than 0/],
    ['budget.monthly-usd', '$100', /not a number/],
    ['budget.project-daily-usd', 'proj_a', /not of the form <project_id>=<usd>/],
    ['budget.project-daily-usd', '=10', /not of the form/],
    ['budget.project-monthly-usd', 'proj_a=0', /greater than 0/],
    ['budget.project-monthly-usd', 'proj_a=1,proj_a=2', /"proj_a" is listed twice/],
  ])('--%s=%j is refused', (flag, value, problem) => {
    const error = configErrorOf(() => load({ argv: [`--${flag}=${value}`] }));
    expect(error.option).toBe(`--${flag}`);
    expect(error.message).toMatch(problem);
    expect(error.message.startsWith(`--${flag}: `)).toBe(true);
  });
});

describe('a bad environment variable', () => {
  it.each([
    ['OPENAI_EXPORTER_POLL_INTERVAL', '1 minute', /not a duration/],
    ['OPENAI_EXPORTER_DEMO', 'on', /not a boolean/],
    ['OPENAI_EXPORTER_SERIES_LIMIT', '1e3x', /not an integer/],
    ['OPENAI_BASE_URL', 'file:///etc/passwd', /http or https/],
    ['OPENAI_EXPORTER_IMAGES_GROUP_BY', 'colour', /not a dimension of images/],
    ['OPENAI_EXPORTER_WEB_TELEMETRY_PATH', 'metrics', /must start with \//],
  ])('%s=%j is refused, naming the variable', (variable, value, problem) => {
    const error = configErrorOf(() => load({ env: { [variable]: value } }));
    expect(error.option).toBe(variable);
    expect(error.message).toMatch(problem);
  });

  it('names the variable when it breaks a rule that spans options', () => {
    const error = configErrorOf(() => load({ env: { OPENAI_EXPORTER_POLL_HOURLY_WINDOW: '1h' } }));
    expect(error.option).toBe('--poll.window');
    expect(error.message).toMatch(/1h must be shorter than --poll.hourly-window \(1h\)/);
  });
});

describe('a bad config file value', () => {
  it.each([
    ['poll: { interval: 60 }', 'poll.interval', /60 is not a duration; give it a unit/],
    ['poll: { concurrency: 1.5 }', 'poll.concurrency', /1.5 is not an integer/],
    ['openai: { max_retries: "x" }', 'openai.max_retries', /"x" is not an integer/],
    ['demo: yes', 'demo', /"yes" is not a boolean/],
    ['web: { listen_address: 9863 }', 'web.listen_address', /expected a string, got a number$/],
    [
      'categories: { images: { group_by: [model, colour] } }',
      'categories.images.group_by[1]',
      /"colour" is not a dimension of images; expected one of project_id/,
    ],
    [
      'categories: { images: { group_by: { a: 1 } } }',
      'categories.images.group_by',
      /expected a list, got a mapping$/,
    ],
    [
      'categories: { images: { group_by: [model, 3] } }',
      'categories.images.group_by[1]',
      /expected a non-empty string, got a number$/,
    ],
    ['categories: { images: { enabled: maybe } }', 'categories.images.enabled', /not a boolean/],
    [
      `categories: { ${CATEGORY_IDS.map((id) => `${id}: { enabled: false }`).join(', ')} }`,
      'categories',
      /enable at least one/,
    ],
    [
      'budget: { projects: { proj_a: { daily_usd: -1 } } }',
      'budget.projects.proj_a.daily_usd',
      /-1 must be greater than 0/,
    ],
    [
      'budget: { projects: { proj_a: { weekly_usd: 1 } } }',
      'budget.projects.proj_a.weekly_usd',
      /unknown key; expected daily_usd or monthly_usd/,
    ],
    ['budget: { projects: { proj_a: 5 } }', 'budget.projects.proj_a', /expected a mapping/],
    ['poll: { window: 24h }', 'poll.window', /must be shorter than --poll.hourly-window/],
  ])('%s is refused at %s', (yaml, path, problem) => {
    const error = configErrorOf(() => loadYaml(yaml));
    expect(error.option).toBe(path);
    expect(error.message).toMatch(problem);
    expect(error.message.startsWith(`/etc/exporter.yaml: ${path}: `)).toBe(true);
  });
});
