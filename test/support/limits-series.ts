// The limits series the simulator's limits should produce, as `name project_id alert_id model value`
// lines (absent labels left out), and the same lines read back from an exposition.

import type { SimulatedLimits } from '../../simulator/index.js';
import { parseExposition } from './exposition.js';

/** The limits families, so a served exposition can be cut down to them. */
const LIMITS_NAME = /^openai_(spend_limit_|spend_alert_|project_rate_limit_)/;

export function expectedLimitsSeries(limits: SimulatedLimits): string[] {
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
        // A limit of 0 is not applied to the model, and gives no series.
        if (value !== undefined && value > 0)
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

/** The limits series of `text` in the form expectedLimitsSeries gives. */
export function servedLimitsSeries(text: string): string[] {
  return parseExposition(text)
    .samples.filter((s) => LIMITS_NAME.test(s.name))
    .map(
      (s) =>
        `${s.name} ${[s.labels.project_id, s.labels.alert_id, s.labels.model].filter((v) => v !== undefined).join(' ')} ${s.value}`,
    )
    .sort();
}
