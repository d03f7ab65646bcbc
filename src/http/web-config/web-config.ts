// What a loaded `--web.config.file` means, with every file already read and every name already
// translated to what Node's TLS stack takes, so building the server cannot fail on the config.

import type { SecureVersion } from 'node:tls';

/** exporter-toolkit's `client_auth_type` values (Go's `tls.ClientAuthType` names). */
export type ClientAuthType =
  | 'NoClientCert'
  | 'RequestClientCert'
  | 'RequireAnyClientCert'
  | 'VerifyClientCertIfGiven'
  | 'RequireAndVerifyClientCert';

export interface WebTlsConfig {
  /** PEM certificate chain the server presents. */
  readonly cert: Buffer;
  /** PEM private key. Not enumerable, so logging or serialising the config cannot leak it. */
  readonly key: Buffer;
  readonly minVersion: SecureVersion;
  readonly maxVersion: SecureVersion;
  /** OpenSSL cipher string, set only when `cipher_suites` was given. */
  readonly ciphers?: string;
  readonly honorCipherOrder: boolean;
  /** OpenSSL curve list (`P-256:X25519`), set only when `curve_preferences` was given. */
  readonly ecdhCurve?: string;
  readonly clientAuth: ClientAuthType;
  /** PEM CA bundle client certificates are verified against. */
  readonly clientCa?: Buffer;
  /** A client certificate must carry one of these SANs (DNS, IP, e-mail or URI). */
  readonly clientAllowedSans?: readonly string[];
}

export interface RateLimitConfig {
  /** One request's worth of tokens comes back every `intervalMs`. */
  readonly intervalMs: number;
  readonly burst: number;
}

export interface WebConfig {
  /** Absent: serve plain HTTP. */
  readonly tls?: WebTlsConfig;
  /** User name ⇒ bcrypt hash. Empty: no authentication. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  /** Extra response headers, from exporter-toolkit's fixed set of security headers. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly rateLimit?: RateLimitConfig;
}
