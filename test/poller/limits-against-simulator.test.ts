// The limits pieces end to end in process: simulator -> LimitsClient -> LimitsPoller -> exposition.

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS_PERIOD_SECONDS, type SimulatedLimits } from '../../simulator/index.js';
import { renderLimits } from '../../src/metrics/limits-renderer.js';
import { LimitsClient } from '../../src/openai/index.js';
import { LimitsPoller } from '../../src/poller/limits-poller.js';
import { ADMIN_KEY, type Harness, startHarness } from '../simulator/helpers.js';
import { parseExposition } from '../support/exposition.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: { projects: 6 } });
});
afterAll(() => h.close());

function poller(): LimitsPoller {
  const client = new LimitsClient({ baseUrl: h.running.baseUrl, adminKey: ADMIN_KEY, maxRetries: 0 });
  const reporter = { pollFinished: () => undefined, malformed: () => undefined };
  return new LimitsPoller(client, () => h.sim.organization.projects.map((p) => p.id), {
    reporter,
    logger: pino({ level: 'silent' }),
    nowMs: () => h.clock.now(),
  });
}

/** Every series the simulator's limits should produce, as `name{labels} value` lines. */
function expected(limits: SimulatedLimits): string[] {
  const lines: string[] = [];
  const spend = [
    ...(limits.spendLimit === undefined ? [] : [['', limits.spendLimit] as const]),
    ...limits.projects.flatMap((p) =>
      p.spendLimit === undefined ? [] : [[p.projectId, p.spendLimit] as const],
    ),
  ];
  for (const [id, l] of spend) {
    lines.push(`openai_spend_limit_usd ${id} ${l.thresholdCents / 100}`);
    lines.push(`openai_spend_limit_enforcing ${id} ${l.enforcing ? 1 : 0}`);
  }
  for (const a of limits.spendAlerts)
    lines.push(`openai_spend_alert_threshold_usd  ${a.id} ${a.thresholdCents / 100}`);
  for (const p of limits.projects) {
    for (const a of p.spendAlerts)
      lines.push(`openai_spend_alert_threshold_usd ${p.projectId} ${a.id} ${a.thresholdCents / 100}`);
    for (const r of p.rateLimits) {
      const add = (name: string, value: number | undefined) => {
        if (value !== undefined)
          lines.push(`openai_project_rate_limit_${name} ${p.projectId} ${r.model} ${value}`);
      };
      add('requests_per_minute', r.maxRequestsPerMinute);
      add('tokens_per_minute', r.maxTokensPerMinute);
      add('images_per_minute', r.maxImagesPerMinute);
      add('audio_megabytes_per_minute', r.maxAudioMegabytesPerMinute);
      add('requests_per_day', r.maxRequestsPerDay);
      add('batch_input_tokens_per_day', r.batchInputTokensPerDay);
    }
  }
  return lines.sort();
}

function served(text: string): string[] {
  return parseExposition(text)
    .samples.map(
      (s) =>
        `${s.name} ${[s.labels.project_id, s.labels.alert_id, s.labels.model].filter((v) => v !== undefined).join(' ')} ${s.value}`,
    )
    .sort();
}

describe('limits from the simulator to the exposition', () => {
  it('exports every limit the simulator holds with its value, and nothing for unset limits', async () => {
    const p = poller();
    await p.poll();
    const limits = h.sim.limits();
    expect(limits.projects.some((x) => x.spendLimit === undefined)).toBe(true);
    expect(served(renderLimits(p.snapshot, undefined))).toEqual(expected(limits));
  });

  it('shows a changed limit after the next poll', async () => {
    const p = poller();
    await p.poll();
    const before = renderLimits(p.snapshot, undefined);
    h.clock.advanceSeconds(LIMITS_PERIOD_SECONDS);
    try {
      expect(await p.poll()).toBe(true);
      const after = renderLimits(p.snapshot, undefined);
      expect(after).not.toBe(before);
      expect(served(after)).toEqual(expected(h.sim.limits()));
    } finally {
      h.clock.advanceSeconds(-LIMITS_PERIOD_SECONDS);
    }
  });

  it('keeps the last good limits when the endpoint fails with a 403, and says so as an upstream error', async () => {
    const p = poller();
    await p.poll();
    const good = p.snapshot;
    h.sim.faults.inject({ kind: 'status', status: 403, pathPrefix: 'organization/projects/' });
    try {
      expect((await p.execute()).outcome).toBe('upstream_error');
      expect(p.progress.lastError).toMatch(/^limits: upstream answered HTTP 403/);
    } finally {
      h.sim.faults.clear();
    }
    expect(p.snapshot).toBe(good);
  });
});
