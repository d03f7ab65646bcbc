import { describe, expect, it } from 'vitest';
import type { LimitsSnapshot } from '../../src/domain/limits.js';
import { LIMITS_FAMILIES } from '../../src/metrics/limits-metrics.js';
import { renderLimits } from '../../src/metrics/limits-renderer.js';
import { parseExposition, type Sample } from '../support/exposition.js';

const snapshot: LimitsSnapshot = {
  spendLimit: { thresholdCents: 1_000_000, enforcementStatus: 'enforcing' },
  spendAlerts: [{ id: 'alert_org', thresholdCents: 12_345 }],
  projects: [
    {
      projectId: 'proj_a',
      spendLimit: { thresholdCents: 10_001, enforcementStatus: 'inactive' },
      spendAlerts: [{ id: 'alert_a', thresholdCents: 8_000 }],
      rateLimits: [
        {
          id: 'rl-gpt-4o',
          model: 'gpt-4o',
          maxRequestsPerMinute: 500,
          maxTokensPerMinute: 30_000,
          batchInputTokensPerDay: 90_000,
        },
        {
          id: 'rl-gpt-image-1',
          model: 'gpt-image-1',
          maxRequestsPerMinute: 50,
          maxTokensPerMinute: 100_000,
          maxImagesPerMinute: 5,
        },
      ],
    },
    {
      projectId: 'proj_b',
      spendLimit: undefined,
      spendAlerts: [],
      rateLimits: [
        {
          id: 'rl-whisper-1',
          model: 'whisper-1',
          maxRequestsPerMinute: 50,
          maxTokensPerMinute: 0,
          maxAudioMegabytesPerMinute: 25,
          maxRequestsPerDay: 10_000,
        },
      ],
    },
  ],
};

const samplesOf = (text: string, name: string): Sample[] =>
  parseExposition(text).samples.filter((s) => s.name === name);

describe('the limits exposition', () => {
  const text = renderLimits(snapshot, undefined, 'acme');

  it('gives hard limits in USD, the organization with project_id="", and none for a project without one', () => {
    expect(samplesOf(text, 'openai_spend_limit_usd')).toEqual([
      { name: 'openai_spend_limit_usd', labels: { organization: 'acme', project_id: '' }, value: 10_000 },
      {
        name: 'openai_spend_limit_usd',
        labels: { organization: 'acme', project_id: 'proj_a' },
        value: 100.01,
      },
    ]);
    expect(samplesOf(text, 'openai_spend_limit_enforcing')).toEqual([
      { name: 'openai_spend_limit_enforcing', labels: { organization: 'acme', project_id: '' }, value: 1 },
      {
        name: 'openai_spend_limit_enforcing',
        labels: { organization: 'acme', project_id: 'proj_a' },
        value: 0,
      },
    ]);
  });

  it('gives each spend alert threshold in USD per project and alert id', () => {
    expect(samplesOf(text, 'openai_spend_alert_threshold_usd')).toEqual([
      {
        name: 'openai_spend_alert_threshold_usd',
        labels: { organization: 'acme', project_id: '', alert_id: 'alert_org' },
        value: 123.45,
      },
      {
        name: 'openai_spend_alert_threshold_usd',
        labels: { organization: 'acme', project_id: 'proj_a', alert_id: 'alert_a' },
        value: 80,
      },
    ]);
  });

  it('gives every rate-limit field only where the API gave it, and none for a limit of 0 (not applied)', () => {
    const values = (name: string) =>
      samplesOf(text, name).map((s) => [s.labels.project_id, s.labels.model, s.value]);
    expect(values('openai_project_rate_limit_requests_per_minute')).toEqual([
      ['proj_a', 'gpt-4o', 500],
      ['proj_a', 'gpt-image-1', 50],
      ['proj_b', 'whisper-1', 50],
    ]);
    expect(values('openai_project_rate_limit_tokens_per_minute')).toEqual([
      ['proj_a', 'gpt-4o', 30_000],
      ['proj_a', 'gpt-image-1', 100_000],
    ]);
    expect(values('openai_project_rate_limit_images_per_minute')).toEqual([['proj_a', 'gpt-image-1', 5]]);
    expect(values('openai_project_rate_limit_audio_megabytes_per_minute')).toEqual([
      ['proj_b', 'whisper-1', 25],
    ]);
    expect(values('openai_project_rate_limit_requests_per_day')).toEqual([['proj_b', 'whisper-1', 10_000]]);
    expect(values('openai_project_rate_limit_batch_input_tokens_per_day')).toEqual([
      ['proj_a', 'gpt-4o', 90_000],
    ]);
  });

  it('types every family a gauge and names the upstream field in its HELP', () => {
    const parsed = parseExposition(text);
    for (const family of LIMITS_FAMILIES.filter((f) => parsed.types.has(f.metric))) {
      expect(parsed.types.get(family.metric)).toBe('gauge');
    }
    expect(parsed.help.get('openai_spend_limit_usd')).toContain('threshold_amount');
    expect(parsed.help.get('openai_spend_limit_enforcing')).toContain('enforcement.status');
    expect(parsed.help.get('openai_project_rate_limit_tokens_per_minute')).toContain(
      'max_tokens_per_1_minute',
    );
    expect(parsed.help.get('openai_project_rate_limit_batch_input_tokens_per_day')).toContain(
      'batch_1_day_max_input_tokens',
    );
  });

  it('serves nothing before the first good poll, and no empty family', () => {
    expect(renderLimits(undefined, undefined, 'acme')).toBe('');
    const empty = renderLimits(
      { spendLimit: undefined, spendAlerts: [], projects: [] },
      { peaks: [], unmapped: [] },
      'acme',
    );
    expect(empty).toBe('');
    expect(text).not.toContain('openai_project_peak_tokens_per_minute');
  });

  it('gives the headroom peaks per project and limit model, and unmapped usage per usage model', () => {
    const peaks = renderLimits(
      undefined,
      {
        peaks: [{ projectId: 'proj_a', model: 'gpt-4o', tokensPerMinute: 24_000, requestsPerMinute: 12 }],
        unmapped: [
          {
            projectId: 'proj_a',
            model: 'ft:gpt-4o-mini-2024-07-18:acme::x1',
            tokensPerMinute: 700,
            requestsPerMinute: 3,
          },
        ],
      },
      'acme',
    );
    const parsed = parseExposition(peaks);
    expect(parsed.samples).toEqual([
      {
        name: 'openai_project_peak_tokens_per_minute',
        labels: { organization: 'acme', project_id: 'proj_a', model: 'gpt-4o' },
        value: 24_000,
      },
      {
        name: 'openai_project_peak_requests_per_minute',
        labels: { organization: 'acme', project_id: 'proj_a', model: 'gpt-4o' },
        value: 12,
      },
      {
        name: 'openai_project_unmapped_peak_tokens_per_minute',
        labels: { organization: 'acme', project_id: 'proj_a', model: 'ft:gpt-4o-mini-2024-07-18:acme::x1' },
        value: 700,
      },
    ]);
    expect(parsed.help.get('openai_project_peak_tokens_per_minute')).toContain(
      'longest rate-limit model name',
    );
  });

  it('escapes label values that need it', () => {
    const odd = renderLimits(
      {
        spendLimit: undefined,
        spendAlerts: [{ id: 'alert_"q"\\', thresholdCents: 1 }],
        projects: [],
      },
      undefined,
      'acme',
    );
    expect(samplesOf(odd, 'openai_spend_alert_threshold_usd')[0]?.labels.alert_id).toBe('alert_"q"\\');
  });
});
