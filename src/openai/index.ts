// The upstream client's public surface; the rest of src/openai is internal.

export type { FetchResult, UsageClientOptions } from './client-options.js';
export {
  MalformedPageError,
  PaginationError,
  UpstreamError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from './errors.js';
export { RequestGate, type RequestGateOptions } from './request-gate.js';
export type { RetryReason } from './retry-policy.js';
export type { Sleep } from './sleep.js';
export type { UpstreamObserver } from './upstream-observer.js';
export { UsageClient } from './usage-client.js';
