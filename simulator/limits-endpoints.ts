// The five limits endpoints, shaped as the official spec shapes them: hard spend limits (org and
// project), spend alerts (org and project, paged, ordered) and a project's per-model rate limits
// (paged). Amounts are integer cents. A project without a hard limit answers 404.

import { ApiError, invalidParam, noSuchProject } from './errors.js';
import type { LimitsModel } from './limits-model.js';
import { type LimitBounds, type ListBody, paginate } from './list-pages.js';
import { type RawParams, rejectUnknown, scalarParam } from './query-params.js';
import type { SimulatedRateLimit, SimulatedSpendAlert, SimulatedSpendLimit } from './types.js';

const ALERT_BOUNDS: LimitBounds = { defaultLimit: 20, min: 0, max: 100 };
const RATE_LIMIT_BOUNDS: LimitBounds = { defaultLimit: 100, min: 1, max: 100 };
const PROJECT_PATH = /^organization\/projects\/([^/]+)\/(spend_limit|spend_alerts|rate_limits)$/;

/** Whether `path` (below `/v1`) is one of the limits endpoints. */
export function isLimitsPath(path: string): boolean {
  return (
    path === 'organization/spend_limit' || path === 'organization/spend_alerts' || PROJECT_PATH.test(path)
  );
}

type Scope = 'organization' | 'project';

function spendLimitBody(scope: Scope, limit: SimulatedSpendLimit | undefined, whose: string) {
  if (limit === undefined) {
    throw new ApiError(
      404,
      `No hard spend limit is set for ${whose}.`,
      'invalid_request_error',
      null,
      'not_found',
    );
  }
  return {
    object: `${scope}.spend_limit`,
    threshold_amount: limit.thresholdCents,
    currency: 'USD',
    interval: 'month',
    enforcement: { status: limit.enforcing ? 'enforcing' : 'inactive' },
  };
}

function alertsBody(scope: Scope, alerts: readonly SimulatedSpendAlert[], params: RawParams): ListBody {
  rejectUnknown(params, ['limit', 'order', 'after', 'before']);
  const order = scalarParam(params, 'order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalidParam('order', `Invalid value for 'order': '${order}'. Expected 'asc' or 'desc'.`);
  }
  const items = alerts.map((alert) => ({
    id: alert.id,
    object: `${scope}.spend_alert`,
    threshold_amount: alert.thresholdCents,
    currency: 'USD',
    interval: 'month',
    notification_channel: {
      type: 'email',
      recipients: ['finance@example.com'],
      subject_prefix: 'OpenAI spend alert',
    },
  }));
  if (order === 'desc') items.reverse();
  return paginate(items, params, ALERT_BOUNDS);
}

function rateLimitObject(limit: SimulatedRateLimit): Record<string, unknown> {
  return {
    object: 'project.rate_limit',
    id: limit.id,
    model: limit.model,
    max_requests_per_1_minute: limit.maxRequestsPerMinute,
    max_tokens_per_1_minute: limit.maxTokensPerMinute,
    ...(limit.maxImagesPerMinute === undefined ? {} : { max_images_per_1_minute: limit.maxImagesPerMinute }),
    ...(limit.maxAudioMegabytesPerMinute === undefined
      ? {}
      : { max_audio_megabytes_per_1_minute: limit.maxAudioMegabytesPerMinute }),
    ...(limit.maxRequestsPerDay === undefined ? {} : { max_requests_per_1_day: limit.maxRequestsPerDay }),
    ...(limit.batchInputTokensPerDay === undefined
      ? {}
      : { batch_1_day_max_input_tokens: limit.batchInputTokensPerDay }),
  };
}

/** Answers a limits path below `/v1` at `nowMs`; the caller checked isLimitsPath and the key. */
export function serveLimits(limits: LimitsModel, path: string, params: RawParams, nowMs: number): unknown {
  if (path === 'organization/spend_limit') {
    rejectUnknown(params, []);
    return spendLimitBody('organization', limits.organizationSpendLimit(nowMs), 'the organization');
  }
  if (path === 'organization/spend_alerts') {
    return alertsBody('organization', limits.organizationSpendAlerts(nowMs), params);
  }
  const [, rawId = '', resource] = PROJECT_PATH.exec(path) ?? [];
  const projectId = decodeURIComponent(rawId);
  const project = limits.project(projectId, nowMs);
  if (project === undefined) throw noSuchProject(projectId);
  if (resource === 'spend_limit') {
    rejectUnknown(params, []);
    return spendLimitBody('project', project.spendLimit, `project '${projectId}'`);
  }
  if (resource === 'spend_alerts') return alertsBody('project', project.spendAlerts, params);
  rejectUnknown(params, ['limit', 'after', 'before']);
  return paginate(project.rateLimits.map(rateLimitObject), params, RATE_LIMIT_BOUNDS);
}
