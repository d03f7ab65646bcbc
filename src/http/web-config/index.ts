export { type VerifyPassword, verifyWithBcrypt } from './basic-authenticator.js';
export { createProtectedServer } from './create-protected-server.js';
export { loadWebConfig } from './load-web-config.js';
export { AUTH_REALM, type ProtectionOptions } from './protected-handler.js';
export type { ClientAuthType, RateLimitConfig, WebConfig, WebTlsConfig } from './web-config.js';
export { WebConfigError } from './web-config-error.js';
