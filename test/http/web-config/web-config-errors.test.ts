import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebConfig, WebConfigError } from '../../../src/http/web-config/index.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { CONFIG_FILE, HASH, loadFailure, TLS } from './support/memory-config.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeCertificates();
});
afterAll(() => certs.remove());
const failure = (yaml: string) => loadFailure(certs, yaml);

describe('an invalid web config file', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'a misspelt top-level key',
      'tls_sever_config: {}\n',
      'tls_sever_config',
      /unknown key \(did you mean "tls_server_config"\?\)/,
    ],
    ['a top level that is not a mapping', '- a\n', '(top level)', /expected a mapping/],
    [
      'a section that is not a mapping',
      'tls_server_config: yes\n',
      'tls_server_config',
      /expected a mapping/,
    ],
    ['an unknown TLS key', `${TLS}  cert_path: x\n`, 'tls_server_config.cert_path', /unknown key/],
    [
      'a certificate without a key',
      'tls_server_config:\n  cert_file: server.crt\n',
      'tls_server_config',
      /missing key_file/,
    ],
    [
      'a key without a certificate',
      'tls_server_config:\n  key_file: server.key\n',
      'tls_server_config',
      /missing cert_file/,
    ],
    [
      'TLS settings without a certificate',
      'tls_server_config:\n  min_version: TLS13\n',
      'tls_server_config',
      /missing cert_file/,
    ],
    [
      'an inline cert and a cert_file',
      `${TLS}  cert: x\n`,
      'tls_server_config.cert',
      /either cert .* or cert_file/,
    ],
    [
      'a missing cert_file',
      'tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n',
      'tls_server_config.cert_file',
      /cannot read "\/etc\/exporter\/nope\.crt": no such file/,
    ],
    [
      'a missing key_file',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: /keys/k\n',
      'tls_server_config.key_file',
      /cannot read "\/keys\/k": no such file/,
    ],
    [
      'a cert_file without a certificate',
      'tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n',
      'tls_server_config.cert_file',
      /holds no PEM certificate/,
    ],
    [
      'a key_file without a key',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n',
      'tls_server_config.key_file',
      /does not hold an unencrypted PEM private key/,
    ],
    [
      'a key that does not match the certificate',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: stray.key\n',
      'tls_server_config.key_file',
      /does not match the certificate in cert_file/,
    ],
    [
      'an unknown TLS version',
      `${TLS}  min_version: TLS14\n`,
      'tls_server_config.min_version',
      /unknown TLS version .*TLS10, TLS11, TLS12, TLS13/,
    ],
    [
      'a minimum above the maximum',
      `${TLS}  min_version: TLS13\n  max_version: TLS12\n`,
      'tls_server_config.min_version',
      /above max_version/,
    ],
    [
      'an unknown cipher suite',
      `${TLS}  cipher_suites: [TLS_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256]\n`,
      'tls_server_config.cipher_suites[1]',
      /unknown cipher suite/,
    ],
    [
      'an insecure cipher suite',
      `${TLS}  cipher_suites: [TLS_RSA_WITH_3DES_EDE_CBC_SHA]\n`,
      'tls_server_config.cipher_suites[0]',
      /insecure/,
    ],
    [
      'cipher suites that are not a list',
      `${TLS}  cipher_suites: TLS_AES_128_GCM_SHA256\n`,
      'tls_server_config.cipher_suites',
      /expected a list/,
    ],
    [
      'a SAN that is not a string, described by its kind as in the main config file',
      `${TLS}  client_auth_type: RequireAnyClientCert\n  client_allowed_sans: [a, 3]\n`,
      'tls_server_config.client_allowed_sans[1]',
      /expected a non-empty string, got a number$/,
    ],
    [
      'an unknown curve',
      `${TLS}  curve_preferences: [CurveP256, P-384]\n`,
      'tls_server_config.curve_preferences[1]',
      /unknown curve/,
    ],
    [
      'an unknown client auth type',
      `${TLS}  client_auth_type: Always\n`,
      'tls_server_config.client_auth_type',
      /unknown client auth type/,
    ],
    [
      'a client CA without client auth',
      `${TLS}  client_ca_file: scraper.crt\n`,
      'tls_server_config.client_ca_file',
      /client_auth_type is NoClientCert/,
    ],
    [
      'a client CA file without certificates',
      `${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: empty.pem\n`,
      'tls_server_config.client_ca_file',
      /holds no PEM certificate/,
    ],
    [
      'allowed SANs without a required certificate',
      `${TLS}  client_auth_type: VerifyClientCertIfGiven\n  client_allowed_sans: [a]\n`,
      'tls_server_config.client_allowed_sans',
      /RequireAnyClientCert or RequireAndVerifyClientCert/,
    ],
    [
      'a non-boolean preference',
      `${TLS}  prefer_server_cipher_suites: "yes"\n`,
      'tls_server_config.prefer_server_cipher_suites',
      /expected true or false/,
    ],
    [
      'an unknown HTTP server key',
      'http_server_config:\n  http3: true\n',
      'http_server_config.http3',
      /unknown key/,
    ],
    [
      'a header outside the allowed set',
      'http_server_config:\n  headers:\n    Server: x\n',
      'http_server_config.headers.Server',
      /cannot be configured/,
    ],
    [
      'a header value outside its allowed values',
      'http_server_config:\n  headers:\n    X-Frame-Options: allow\n',
      'http_server_config.headers.X-Frame-Options',
      /expected one of deny, sameorigin/,
    ],
    [
      'a header value with a line break',
      'http_server_config:\n  headers:\n    Content-Security-Policy: "a\\nb"\n',
      'http_server_config.headers.Content-Security-Policy',
      /not a valid header value/,
    ],
    [
      'a user name with a colon',
      `basic_auth_users:\n  "a:b": ${HASH}\n`,
      'basic_auth_users.a:b',
      /cannot contain ":"/,
    ],
    [
      'a hash of the wrong shape',
      'basic_auth_users:\n  alice: $2y$10$short\n',
      'basic_auth_users.alice',
      /is not a bcrypt hash/,
    ],
    [
      'a bcrypt cost below 4',
      `basic_auth_users:\n  alice: ${HASH.replace('$04$', '$03$')}\n`,
      'basic_auth_users.alice',
      /cost 3 is outside 4..31/,
    ],
    ['users that are not a mapping', 'basic_auth_users: [alice]\n', 'basic_auth_users', /expected a mapping/],
    ['an unknown rate limit key', 'rate_limit:\n  every: 1s\n', 'rate_limit.every', /unknown key/],
    [
      'a rate limit interval that is not a duration',
      'rate_limit:\n  interval: fast\n  burst: 1\n',
      'rate_limit.interval',
      /expected a duration/,
    ],
    [
      'a rate limit burst that is not a count',
      'rate_limit:\n  interval: 1s\n  burst: -1\n',
      'rate_limit.burst',
      /whole number/,
    ],
    [
      'a rate limit that would refuse everything',
      'rate_limit:\n  interval: 1s\n',
      'rate_limit.burst',
      /at least 1/,
    ],
  ];

  it.each(cases)('names the path of %s', (_name, yaml, path, problem) => {
    const error = failure(yaml);
    expect(error.file).toBe(CONFIG_FILE);
    expect(error.path).toBe(path);
    expect(error.message).toBe(`${CONFIG_FILE}: ${path}: ${error.problem}`);
    expect(error.problem).toMatch(problem);
  });

  it('reports invalid YAML with a position but without the offending text', () => {
    const error = failure('basic_auth_users:\n  alice: "$2y$10$secret-looking\n');
    expect(error.path).toBe('');
    expect(error.message).toMatch(
      /^\/etc\/exporter\/web\.yml: is not valid YAML: .* at line \d+, column \d+$/,
    );
    expect(error.message).not.toContain('secret-looking');
  });

  it('reports a missing config file by name', () => {
    const missing = join(certs.dir, 'absent.yml');
    expect(() => loadWebConfig(missing)).toThrow(
      new WebConfigError(missing, '', 'cannot read the web config file: no such file'),
    );
  });

  it('never echoes a password pasted where its hash belongs', () => {
    const error = failure('basic_auth_users:\n  alice: hunter2-correct-horse\n');
    expect(error.message).not.toContain('hunter2');
  });

  it('never echoes key material from an unusable inline key', () => {
    const error = failure(
      'tls_server_config:\n  cert_file: server.crt\n  key: "-----BEGIN PRIVATE KEY-----\\nTOPSECRET\\n"\n',
    );
    expect(error.path).toBe('tls_server_config.key');
    expect(error.message).not.toMatch(/TOPSECRET|BEGIN/);
  });

  it('never echoes the contents of a file given as a certificate', () => {
    const error = failure('tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n');
    expect(error.message).not.toMatch(/PRIVATE|BEGIN/);
  });
});
