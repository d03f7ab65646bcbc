// Certificates and keys, inline or from files, checked at load time the way exporter-toolkit checks
// them (it loads the key pair before serving), so a bad file stops the exporter at startup instead
// of failing every handshake later. Errors name the key and the file, never what is in them.

import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { YamlSection } from '../../config/yaml-section.js';
import { type ReadFile, readAsBuffer, readFailure, resolveAgainst } from './file-reader.js';

export interface PemSource {
  readonly pem: Buffer;
  /** The key it came from (`cert` or `cert_file`), for error messages. */
  readonly key: string;
}

/** The PEM given inline under `inlineKey` or in the file named under `fileKey`; undefined if neither. */
export function readPem(
  section: YamlSection,
  inlineKey: string,
  fileKey: string,
  readFile: ReadFile,
): PemSource | undefined {
  const inline = section.string(inlineKey);
  const file = section.string(fileKey);
  if (inline !== undefined && file !== undefined) {
    throw section.fail(inlineKey, `give either ${inlineKey} (inline PEM) or ${fileKey}, not both`);
  }
  if (inline !== undefined) return { pem: Buffer.from(inline), key: inlineKey };
  if (file === undefined) return undefined;
  const path = resolveAgainst(section.file, file);
  try {
    return { pem: readAsBuffer(readFile, path), key: fileKey };
  } catch (error) {
    throw section.fail(fileKey, `cannot read ${JSON.stringify(path)}: ${readFailure(error)}`);
  }
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseCertificates(section: YamlSection, source: PemSource): X509Certificate[] {
  const blocks = source.pem.toString('latin1').match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) throw section.fail(source.key, 'holds no PEM certificate');
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw section.fail(source.key, `certificate ${index + 1} is not a valid X.509 certificate`);
    }
  });
}

/** Checks that the server certificate and key parse and belong together. */
export function checkKeyPair(section: YamlSection, cert: PemSource, key: PemSource): void {
  const [leaf] = parseCertificates(section, cert);
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key.pem);
  } catch {
    throw section.fail(key.key, 'does not hold an unencrypted PEM private key');
  }
  if (leaf !== undefined && !leaf.checkPrivateKey(privateKey)) {
    throw section.fail(key.key, `does not match the certificate in ${cert.key}`);
  }
}

/** Checks that a client CA bundle holds at least one certificate and nothing unparseable. */
export function checkCaBundle(section: YamlSection, ca: PemSource): void {
  parseCertificates(section, ca);
}
