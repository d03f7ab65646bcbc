// A web config loaded from memory: the file at /etc/exporter/web.yml next to the generated PEMs, so
// validation cases need no disk writes and relative paths resolve as they would on a real host.

import { readFileSync } from 'node:fs';
import { loadWebConfig, type WebConfig, WebConfigError } from '../../../../src/http/web-config/index.js';
import type { TestCertificates } from './certificates.js';

export const CONFIG_FILE = '/etc/exporter/web.yml';
export const TLS = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';
/** A well-formed bcrypt hash (cost 4) that no test needs to match. */
export const HASH = '$2y$04$0R2oOa0Hh1vFZ3L2b9ZQ6eFm0dV4aV9k8l3E4Xv0cR0m1bJ6kQ5fW';

function memoryReader(files: Record<string, string | Buffer>): (path: string) => string | Buffer {
  return (path) => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return content;
  };
}

export function loadText(certs: TestCertificates, yaml: string): WebConfig {
  return loadWebConfig(
    CONFIG_FILE,
    memoryReader({
      [CONFIG_FILE]: yaml,
      '/etc/exporter/server.crt': certs.server.cert,
      '/etc/exporter/server.key': certs.server.key,
      '/etc/exporter/stray.key': readFileSync(certs.strayKeyFile),
      '/etc/exporter/scraper.crt': certs.scraper.cert,
      '/etc/exporter/empty.pem': '',
    }),
  );
}

export function loadFailure(certs: TestCertificates, yaml: string): WebConfigError {
  try {
    loadText(certs, yaml);
  } catch (error) {
    if (error instanceof WebConfigError) return error;
    throw error;
  }
  throw new Error('expected the web config to be refused');
}
