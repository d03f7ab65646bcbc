// exporter-toolkit speaks Go's crypto/tls names; Node speaks OpenSSL's. These tables translate the
// names exporter-toolkit accepts, and only those, so a file written for node_exporter means the
// same thing here and a file that node_exporter would refuse is refused here too.

import type { SecureVersion } from 'node:tls';
import type { ClientAuthType } from './web-config.js';

export const TLS_VERSIONS: ReadonlyMap<string, SecureVersion> = new Map([
  ['TLS10', 'TLSv1'],
  ['TLS11', 'TLSv1.1'],
  ['TLS12', 'TLSv1.2'],
  ['TLS13', 'TLSv1.3'],
]);

export const VERSION_RANK: Readonly<Record<SecureVersion, number>> = {
  TLSv1: 0,
  'TLSv1.1': 1,
  'TLSv1.2': 2,
  'TLSv1.3': 3,
};

/** Go's `tls.CipherSuites()` for TLS 1.0–1.2, with their OpenSSL names. */
export const TLS12_CIPHER_SUITES: ReadonlyMap<string, string> = new Map([
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ECDHE-ECDSA-AES128-SHA'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE-ECDSA-AES256-SHA'],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE-RSA-AES128-SHA'],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ECDHE-RSA-AES256-SHA'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'],
  ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
]);

/**
 * Go enables every TLS 1.3 suite whatever `cipher_suites` says, so naming one is allowed and changes
 * nothing; they are always appended, because Node would otherwise cap a TLS-1.2-only list at TLS 1.2.
 */
export const TLS13_CIPHER_SUITES: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];

/** Go's `tls.InsecureCipherSuites()`: exporter-toolkit rejects them, and so do we, with the reason. */
export const INSECURE_CIPHER_SUITES: ReadonlySet<string> = new Set([
  'TLS_RSA_WITH_RC4_128_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
]);

export const CURVES: ReadonlyMap<string, string> = new Map([
  ['CurveP256', 'P-256'],
  ['CurveP384', 'P-384'],
  ['CurveP521', 'P-521'],
  ['X25519', 'X25519'],
]);

export const CLIENT_AUTH_TYPES: ReadonlyMap<string, ClientAuthType> = new Map([
  ['NoClientCert', 'NoClientCert'],
  ['RequestClientCert', 'RequestClientCert'],
  ['RequireAnyClientCert', 'RequireAnyClientCert'],
  // exporter-toolkit keeps this older spelling working.
  ['RequireClientCert', 'RequireAnyClientCert'],
  ['VerifyClientCertIfGiven', 'VerifyClientCertIfGiven'],
  ['RequireAndVerifyClientCert', 'RequireAndVerifyClientCert'],
]);
