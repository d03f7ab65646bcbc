// `tls_server_config`: exporter-toolkit's TLS settings, translated to Node's TLS options.

import { createSecureContext } from 'node:tls';
import { didYouMean } from '../../config/suggest.js';
import type { YamlSection } from '../../config/yaml-section.js';
import type { ReadFile } from './file-reader.js';
import { checkCaBundle, checkKeyPair, readPem } from './pem-material.js';
import {
  CLIENT_AUTH_TYPES,
  CURVES,
  INSECURE_CIPHER_SUITES,
  TLS_VERSIONS,
  TLS12_CIPHER_SUITES,
  TLS13_CIPHER_SUITES,
  VERSION_RANK,
} from './tls-names.js';
import { secureContextOptions } from './tls-options.js';
import type { WebTlsConfig } from './web-config.js';

const TLS_KEYS = [
  'cert',
  'key',
  'client_ca',
  'cert_file',
  'key_file',
  'client_auth_type',
  'client_ca_file',
  'client_allowed_sans',
  'min_version',
  'max_version',
  'cipher_suites',
  'prefer_server_cipher_suites',
  'curve_preferences',
];

function cipherString(section: YamlSection): string | undefined {
  const names = section.stringList('cipher_suites');
  if (names === undefined || names.length === 0) return undefined;
  const chosen = names.flatMap((name, index) => {
    const openssl = TLS12_CIPHER_SUITES.get(name);
    if (openssl !== undefined) return [openssl];
    if (TLS13_CIPHER_SUITES.includes(name)) return [];
    if (INSECURE_CIPHER_SUITES.has(name)) {
      throw section.failItem(
        'cipher_suites',
        index,
        `${name} is insecure and not accepted (Go refuses it too)`,
      );
    }
    const known = [...TLS12_CIPHER_SUITES.keys(), ...TLS13_CIPHER_SUITES];
    throw section.failItem(
      'cipher_suites',
      index,
      `unknown cipher suite${didYouMean(name, known)}; use Go's names`,
    );
  });
  return [...chosen, ...TLS13_CIPHER_SUITES].join(':');
}

function curveString(section: YamlSection): string | undefined {
  const names = section.stringList('curve_preferences');
  if (names === undefined || names.length === 0) return undefined;
  const known = [...CURVES.keys()];
  return names
    .map((name, index) => {
      const curve = CURVES.get(name);
      if (curve !== undefined) return curve;
      throw section.failItem(
        'curve_preferences',
        index,
        `unknown curve; expected one of ${known.join(', ')}`,
      );
    })
    .join(':');
}

/** The TLS settings, or undefined when the section is absent or empty (plain HTTP). */
export function decodeTlsSection(
  section: YamlSection | undefined,
  readFile: ReadFile,
): WebTlsConfig | undefined {
  if (section === undefined || section.isEmpty()) return undefined;
  section.expectOnly(TLS_KEYS);
  const cert = readPem(section, 'cert', 'cert_file', readFile);
  const key = readPem(section, 'key', 'key_file', readFile);
  // A tls_server_config without a certificate is a mistake, not a request for plain HTTP.
  if (cert === undefined) throw section.fail(undefined, 'missing cert_file (or an inline cert)');
  if (key === undefined) throw section.fail(undefined, 'missing key_file (or an inline key)');
  checkKeyPair(section, cert, key);

  const minVersion = section.choice('min_version', TLS_VERSIONS, 'TLS version') ?? 'TLSv1.2';
  const maxVersion = section.choice('max_version', TLS_VERSIONS, 'TLS version') ?? 'TLSv1.3';
  if (VERSION_RANK[minVersion] > VERSION_RANK[maxVersion]) {
    throw section.fail('min_version', 'is above max_version: no TLS version would be left');
  }
  const ciphers = cipherString(section);
  const ecdhCurve = curveString(section);
  const clientAuth =
    section.choice('client_auth_type', CLIENT_AUTH_TYPES, 'client auth type') ?? 'NoClientCert';

  const clientCa = readPem(section, 'client_ca', 'client_ca_file', readFile);
  if (clientCa !== undefined) {
    checkCaBundle(section, clientCa);
    if (clientAuth === 'NoClientCert') {
      throw section.fail(clientCa.key, 'a client CA is set but client_auth_type is NoClientCert');
    }
  }
  const clientAllowedSans = section.stringList('client_allowed_sans');
  if (
    clientAllowedSans !== undefined &&
    clientAuth !== 'RequireAnyClientCert' &&
    clientAuth !== 'RequireAndVerifyClientCert'
  ) {
    throw section.fail(
      'client_allowed_sans',
      'needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert, so that every client sends a certificate',
    );
  }

  const config = {
    cert: cert.pem,
    minVersion,
    maxVersion,
    honorCipherOrder: section.boolean('prefer_server_cipher_suites') ?? true,
    clientAuth,
    ...(ciphers === undefined ? {} : { ciphers }),
    ...(ecdhCurve === undefined ? {} : { ecdhCurve }),
    ...(clientCa === undefined ? {} : { clientCa: clientCa.pem }),
    ...(clientAllowedSans === undefined ? {} : { clientAllowedSans }),
  };
  Object.defineProperty(config, 'key', { value: key.pem, enumerable: false });
  const tls = config as typeof config & { key: Buffer };
  checkOpenSslAccepts(section, tls);
  return tls;
}

/** The names are all known, but the local OpenSSL build could still lack one; find out now. */
function checkOpenSslAccepts(section: YamlSection, tls: WebTlsConfig): void {
  try {
    createSecureContext(secureContextOptions(tls));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw section.fail(
      undefined,
      `OpenSSL refused these settings (${typeof code === 'string' ? code : 'error'})`,
    );
  }
}
