import { describe, expect, it } from 'vitest';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';

const build = { version: '1.2.3', revision: 'abc' };

describe('the self-metrics', () => {
  it('give the names poller no bucket_width label at all rather than an empty one', async () => {
    const metrics = new SelfMetrics(build);
    metrics.declarePoller('names', ['']);
    metrics.pollFinished('names', '', true, 0.5, 1_800_000_000);
    const text = await metrics.render();
    expect(text).toContain('openai_exporter_polls_total{category="names",result="success"} 1');
    expect(text).toMatch(/openai_exporter_last_success_timestamp_seconds\{category="names"\} 1800000000/);
    expect(text).not.toContain('bucket_width=""');
  });

  it('leave out the time of the last state save until there has been one', async () => {
    const metrics = new SelfMetrics(build);
    expect(await metrics.render()).not.toMatch(/^openai_exporter_state_last_save_timestamp_seconds/m);
    metrics.stateSaved(false, 1_800_000_000);
    expect(await metrics.render()).not.toMatch(/^openai_exporter_state_last_save_timestamp_seconds/m);
    metrics.stateSaved(true, 1_800_000_060);
    expect(await metrics.render()).toMatch(/^openai_exporter_state_last_save_timestamp_seconds 1800000060$/m);
  });
});
