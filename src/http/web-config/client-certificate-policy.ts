// The client-certificate rules OpenSSL cannot express through Node's options: "require a certificate
// but do not verify it", "verify it only if given", and exporter-toolkit's client_allowed_sans. They
// are checked as soon as the handshake completes, and a failing connection is dropped before any
// request on it is read, as Go's TLS stack would refuse the handshake.

import type { Server } from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { WebTlsConfig } from './web-config.js';

// Node renders SANs as `DNS:a, IP Address:10.0.0.1, URI:...`, quoting (JSON-style) any value that
// contains a separator.
const SAN_ENTRY = /(DNS|IP Address|email|URI|[A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/y;
const MATCHED_KINDS = new Set(['DNS', 'IP Address', 'email', 'URI']);

/** The DNS, IP, e-mail and URI SANs of a certificate, the kinds exporter-toolkit matches on. */
export function subjectAltNames(rendered: string | undefined): { kind: string; value: string }[] {
  const names: { kind: string; value: string }[] = [];
  if (rendered === undefined) return names;
  SAN_ENTRY.lastIndex = 0;
  while (SAN_ENTRY.lastIndex < rendered.length) {
    const match = SAN_ENTRY.exec(rendered);
    if (match === null) break;
    const [, kind = '', raw = ''] = match;
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (MATCHED_KINDS.has(kind)) names.push({ kind, value });
  }
  return names;
}

export function sanMatcher(allowed: readonly string[]): (san: { kind: string; value: string }) => boolean {
  const exact = new Set(allowed);
  // IPs compare by address, not spelling: Node writes `0:0:0:0:0:0:0:1` where the config says `::1`.
  const ips = new BlockList();
  for (const entry of allowed) {
    const family = isIP(entry);
    if (family !== 0) ips.addAddress(entry, family === 6 ? 'ipv6' : 'ipv4');
  }
  return ({ kind, value }) => {
    if (kind !== 'IP Address') return exact.has(value);
    const family = isIP(value);
    return family !== 0 && ips.check(value, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function acceptsPolicy(tls: WebTlsConfig, matchesSan: ReturnType<typeof sanMatcher> | undefined) {
  return (socket: TLSSocket): boolean => {
    const certificate = socket.getPeerX509Certificate();
    if (tls.clientAuth === 'RequireAnyClientCert' && certificate === undefined) return false;
    if (tls.clientAuth === 'VerifyClientCertIfGiven' && certificate !== undefined && !socket.authorized) {
      return false;
    }
    if (matchesSan === undefined) return true;
    return certificate !== undefined && subjectAltNames(certificate.subjectAltName).some(matchesSan);
  };
}

export function enforceClientCertificatePolicy(server: Server, tls: WebTlsConfig): void {
  const needsCheck =
    tls.clientAuth === 'RequireAnyClientCert' ||
    tls.clientAuth === 'VerifyClientCertIfGiven' ||
    tls.clientAllowedSans !== undefined;
  if (!needsCheck) return;
  const accepts = acceptsPolicy(tls, tls.clientAllowedSans && sanMatcher(tls.clientAllowedSans));
  // Prepended so the connection is dropped before the HTTP machinery starts reading from it.
  server.prependListener('secureConnection', (socket) => {
    if (!accepts(socket)) socket.destroy();
  });
}
