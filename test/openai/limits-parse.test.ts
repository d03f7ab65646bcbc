import { describe, expect, it } from 'vitest';
import { parseRateLimit, parseSpendAlert, parseSpendLimit } from '../../src/openai/limits-parse.js';
import { PageShapeError } from '../../src/openai/result-reader.js';

const spendLimit = (overrides: Record<string, unknown> = {}) => ({
  object: 'organization.spend_limit',
  threshold_amount: 10000,
  currency: 'USD',
  interval: 'month',
  enforcement: { status: 'enforcing' },
  ...overrides,
});

const alert = (overrides: Record<string, unknown> = {}) => ({
  id: 'alert_abc123',
  object: 'project.spend_alert',
  threshold_amount: 100000,
  currency: 'USD',
  interval: 'month',
  notification_channel: { type: 'email', recipients: ['finance@example.com'], subject_prefix: null },
  ...overrides,
});

const rateLimit = (overrides: Record<string, unknown> = {}) => ({
  object: 'project.rate_limit',
  id: 'rl-ada',
  model: 'ada',
  max_requests_per_1_minute: 600,
  max_tokens_per_1_minute: 150000,
  ...overrides,
});

describe('parsing a hard spend limit', () => {
  it("reads the spec's example: cents and the enforcement status", () => {
    expect(parseSpendLimit('organization', spendLimit())).toEqual({
      thresholdCents: 10000,
      enforcementStatus: 'enforcing',
    });
  });

  it('reads null and {} as no limit', () => {
    expect(parseSpendLimit('project', null)).toBeNull();
    expect(parseSpendLimit('project', {})).toBeNull();
  });

  it.each([
    ['a fractional amount', { threshold_amount: 100.5 }, /threshold_amount is 100.5/],
    ['a negative amount', { threshold_amount: -1 }, /threshold_amount is -1/],
    ['an amount as text', { threshold_amount: '100' }, /threshold_amount is "100"/],
    ['another currency', { currency: 'EUR' }, /currency is "EUR", expected "USD"/],
    ['another interval', { interval: 'week' }, /interval is "week", expected "month"/],
    ['no enforcement status', { enforcement: {} }, /enforcement.status is missing/],
    ['the wrong object', { object: 'project.spend_limit' }, /object is "project.spend_limit"/],
  ])('refuses %s', (_what, overrides, message) => {
    expect(() => parseSpendLimit('organization', spendLimit(overrides))).toThrow(PageShapeError);
    expect(() => parseSpendLimit('organization', spendLimit(overrides))).toThrow(message);
  });

  it('refuses a body that is not an object', () => {
    expect(() => parseSpendLimit('project', [1])).toThrow(/expected an object/);
  });
});

describe('parsing a spend alert', () => {
  it('keeps the id and the threshold in cents, never the recipients', () => {
    expect(parseSpendAlert('project', alert(), 0)).toEqual({ id: 'alert_abc123', thresholdCents: 100000 });
  });

  it('refuses an organization alert in a project listing, or a bad amount', () => {
    expect(() => parseSpendAlert('project', alert({ object: 'organization.spend_alert' }), 2)).toThrow(
      /spend alert 2 object/,
    );
    expect(() => parseSpendAlert('project', alert({ threshold_amount: null }), 0)).toThrow(
      /threshold_amount/,
    );
  });
});

describe('parsing a rate limit', () => {
  it("reads the spec's example, leaving out the fields it does not give", () => {
    const parsed = parseRateLimit(rateLimit({ max_images_per_1_minute: 10 }), 0);
    expect(parsed).toEqual({
      id: 'rl-ada',
      model: 'ada',
      maxRequestsPerMinute: 600,
      maxTokensPerMinute: 150000,
      maxImagesPerMinute: 10,
    });
    expect(Object.keys(parsed)).not.toContain('maxRequestsPerDay');
  });

  it('reads every optional field, and a null one as absent', () => {
    expect(
      parseRateLimit(
        rateLimit({
          max_images_per_1_minute: null,
          max_audio_megabytes_per_1_minute: 3,
          max_requests_per_1_day: 10000,
          batch_1_day_max_input_tokens: 2000000,
        }),
        0,
      ),
    ).toEqual({
      id: 'rl-ada',
      model: 'ada',
      maxRequestsPerMinute: 600,
      maxTokensPerMinute: 150000,
      maxAudioMegabytesPerMinute: 3,
      maxRequestsPerDay: 10000,
      batchInputTokensPerDay: 2000000,
    });
  });

  it('refuses a missing required limit, a bad optional one, or no model', () => {
    expect(() => parseRateLimit(rateLimit({ max_requests_per_1_minute: undefined }), 4)).toThrow(
      /rate limit 4 max_requests_per_1_minute is missing/,
    );
    expect(() => parseRateLimit(rateLimit({ max_requests_per_1_day: 1.5 }), 0)).toThrow(
      /max_requests_per_1_day/,
    );
    expect(() => parseRateLimit(rateLimit({ model: '' }), 0)).toThrow(/model is ""/);
  });
});
