import type { Logger } from 'pino';
import type { ExporterConfig } from '../config/index.js';
import type { OrganizationMetrics } from '../metrics/organization-metrics.js';
import {
  AdminDirectoryClient,
  LimitsClient,
  RequestGate,
  type UpstreamObserver,
  UsageClient,
} from '../openai/index.js';
import { VERSION } from './version.js';

export interface UpstreamClients {
  readonly usage: UsageClient;
  readonly directory: AdminDirectoryClient;
  readonly limits: LimitsClient;
}

/** The usage, admin listing and limits clients, counted in the self-metrics and sharing one gate. */
export function upstreamClients(
  config: ExporterConfig,
  adminKey: string,
  metrics: OrganizationMetrics,
  logger: Logger,
): UpstreamClients {
  const observer = <S extends string>(): UpstreamObserver<S> => ({
    onResponse: (category, code) => metrics.upstreamResponse(category, code),
    onRetry: (category, reason) => metrics.upstreamRetry(category, reason),
    onRateLimited: (category) => metrics.upstreamRateLimited(category),
    onPause: (category, pauseMs) =>
      logger.warn(
        { category, pause_seconds: Math.ceil(pauseMs / 1000) },
        'upstream rate limit: Retry-After asked for a long pause; every category waits it out before its next request',
      ),
  });
  // One gate for usage, names and limits alike: the rate ceiling and 429 pauses are per organization.
  const upstream = {
    baseUrl: config.openai.baseUrl,
    adminKey,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
    gate: new RequestGate({ requestsPerSecond: config.openai.requestsPerSecond }),
    userAgent: `openai-usage-exporter/${VERSION}`,
  };
  return {
    usage: new UsageClient({ ...upstream, observer: observer() }),
    directory: new AdminDirectoryClient({ ...upstream, observer: observer() }),
    limits: new LimitsClient({ ...upstream, observer: observer() }),
  };
}
