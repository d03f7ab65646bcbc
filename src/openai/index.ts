// The upstream clients' public surface; the rest of src/openai is internal.

export { AdminDirectoryClient, type AdminDirectoryClientOptions } from './admin-directory-client.js';
export type { Admit, ClientOptions, FetchResult, UsageClientOptions } from './client-options.js';
export type { DirectoryApiKey, DirectoryProject, DirectoryUser } from './directory-entries.js';

export {
  MalformedPageError,
  OrganizationMismatchError,
  PaginationError,
  UpstreamError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
} from './errors.js';
export { LimitsClient, type LimitsClientOptions } from './limits-client.js';
export { RequestGate, type RequestGateOptions } from './request-gate.js';
export type { RetryReason } from './retry-policy.js';
export type { AttemptTimer, Sleep } from './sleep.js';
export type { UpstreamObserver } from './upstream-observer.js';
export { LIMITS_SUBJECT, NAMES_SUBJECT, type UpstreamSubject } from './upstream-subject.js';
export { UsageClient } from './usage-client.js';
