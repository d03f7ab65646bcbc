import type { SecureContextOptions } from 'node:tls';
import type { WebTlsConfig } from './web-config.js';

/**
 * The certificate, key, versions, ciphers, curves and client CA in Node's terms: what the server is
 * built from, and what the loader hands OpenSSL up front so a setting it lacks fails at startup.
 */
export function secureContextOptions(tls: WebTlsConfig): SecureContextOptions {
  return {
    cert: tls.cert,
    key: tls.key,
    minVersion: tls.minVersion,
    maxVersion: tls.maxVersion,
    ...(tls.ciphers === undefined ? {} : { ciphers: tls.ciphers }),
    ...(tls.ecdhCurve === undefined ? {} : { ecdhCurve: tls.ecdhCurve }),
    ...(tls.clientCa === undefined ? {} : { ca: tls.clientCa }),
  };
}
