import type { Logger } from 'pino';
import type { ExporterConfig } from '../config/index.js';
import type { OrganizationMetrics } from '../metrics/organization-metrics.js';
import {
  AdminDirectoryClient,
  type Admit,
  type ClientOptions,
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
  /** A usage client sending `adminKey` (a rotated key not yet accepted), through the same gate. */
  verifier(adminKey: string): UsageClient;
}

/** How an organization's clients get their key. */
export interface UpstreamKey {
  /** The key to send now. */
  readonly adminKey: () => string;
  /** Before each request: verifies a rotated key, refuses an entry whose key is refused. */
  readonly admit?: Admit;
  /** The log scrubber's secrets: every key joins them before it is sent. */
  readonly usedKeys: string[];
}

/** The usage, admin listing and limits clients, counted in the self-metrics and sharing one gate. */
export function upstreamClients(
  config: ExporterConfig,
  key: UpstreamKey,
  metrics: OrganizationMetrics,
  logger: Logger,
  /** Tests play time on a virtual clock: backoffs, 429 pauses and the gate's clock. */
  timing: Pick<ClientOptions<string>, 'sleep' | 'now'> = {},
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
    adminKey: key.adminKey,
    usedKeys: key.usedKeys,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
    gate: new RequestGate({ requestsPerSecond: config.openai.requestsPerSecond, ...timing }),
    userAgent: `openai-usage-exporter/${VERSION}`,
    ...timing,
  };
  const admitted = key.admit === undefined ? upstream : { ...upstream, admit: key.admit };
  return {
    usage: new UsageClient({ ...admitted, observer: observer() }),
    directory: new AdminDirectoryClient({ ...admitted, observer: observer() }),
    limits: new LimitsClient({ ...admitted, observer: observer() }),
    verifier: (adminKey) => new UsageClient({ ...upstream, adminKey, observer: observer() }),
  };
}
