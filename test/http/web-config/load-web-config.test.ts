import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { loadYaml } from './support/exporter-server.js';
import { HASH, loadText as load, TLS } from './support/memory-config.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeCertificates();
});
afterAll(() => certs.remove());
const loadText = (yaml: string) => load(certs, yaml);

describe('loading a web config file', () => {
  it('reads an empty file as "no TLS, no authentication"', () => {
    const config = loadText('');
    expect(config.tls).toBeUndefined();
    expect(config.basicAuthUsers.size).toBe(0);
    expect(config.headers).toBeUndefined();
    expect(config.rateLimit).toBeUndefined();
  });

  it('resolves relative cert_file and key_file against the config file directory, not the working directory', () => {
    const confDir = join(certs.dir, 'conf');
    mkdirSync(join(confDir, 'tls'), { recursive: true });
    const config = loadYaml(
      confDir,
      `tls_server_config:\n  cert_file: ../server.crt\n  key_file: ${certs.server.keyFile}\n`,
    );
    expect(process.cwd()).not.toBe(confDir);
    expect(config.tls?.cert.equals(certs.server.cert)).toBe(true);
    expect(config.tls?.key.equals(certs.server.key)).toBe(true);
  });

  it('applies exporter-toolkit defaults: TLS 1.2 to 1.3, server cipher order, no client certificates', () => {
    const tls = loadText(TLS).tls;
    expect(tls).toMatchObject({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      honorCipherOrder: true,
      clientAuth: 'NoClientCert',
    });
    expect(tls?.ciphers).toBeUndefined();
    expect(tls?.ecdhCurve).toBeUndefined();
  });

  it('accepts the certificate and key inline instead of as files', () => {
    const indent = (pem: Buffer) => pem.toString().trimEnd().replaceAll('\n', '\n    ');
    const config = loadText(
      `tls_server_config:\n  cert: |\n    ${indent(certs.server.cert)}\n  key: |\n    ${indent(certs.server.key)}\n`,
    );
    expect(config.tls?.cert.toString()).toBe(certs.server.cert.toString());
  });

  it('keeps the private key out of JSON and inspect output', () => {
    const config = loadText(TLS);
    expect(JSON.stringify(config)).not.toContain('PRIVATE KEY');
    expect(inspect(config, { depth: 5 })).not.toContain('PRIVATE KEY');
    expect(config.tls?.key.toString()).toContain('PRIVATE KEY');
  });

  it("translates Go's TLS names to OpenSSL's, keeping TLS 1.3 suites on as Go does", () => {
    const tls = loadText(
      `${TLS}  min_version: TLS13\n  max_version: TLS13\n  prefer_server_cipher_suites: false\n` +
        '  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256]\n' +
        '  curve_preferences: [X25519, CurveP256]\n',
    ).tls;
    expect(tls).toMatchObject({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', honorCipherOrder: false });
    expect(tls?.ciphers).toBe(
      'ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256',
    );
    expect(tls?.ecdhCurve).toBe('X25519:P-256');
  });

  it('reads client certificate settings', () => {
    const tls = loadText(
      `${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: scraper.crt\n` +
        '  client_allowed_sans: [scraper.example]\n',
    ).tls;
    expect(tls?.clientAuth).toBe('RequireAndVerifyClientCert');
    expect(tls?.clientCa?.equals(certs.scraper.cert)).toBe(true);
    expect(tls?.clientAllowedSans).toEqual(['scraper.example']);
    expect(loadText(`${TLS}  client_auth_type: RequireClientCert\n`).tls?.clientAuth).toBe(
      'RequireAnyClientCert',
    );
  });

  it('reads users, headers and the rate limit', () => {
    const config = loadText(
      `basic_auth_users:\n  alice: ${HASH}\n  bob: '${HASH.replace('$2y$', '$2a$')}'\n` +
        'http_server_config:\n  http2: false\n  headers:\n    X-Frame-Options: deny\n    Content-Security-Policy: ""\n' +
        'rate_limit:\n  interval: 250ms\n  burst: 20\n',
    );
    expect([...config.basicAuthUsers.keys()]).toEqual(['alice', 'bob']);
    expect(config.headers).toEqual({ 'X-Frame-Options': 'deny' });
    expect(config.rateLimit).toEqual({ intervalMs: 250, burst: 20 });
    expect(loadText('rate_limit:\n  interval: 0\n  burst: 5\n').rateLimit).toBeUndefined();
  });
});
