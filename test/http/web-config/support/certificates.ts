// Throwaway certificates for the TLS tests, made with the openssl CLI into a temp directory so no
// key material is ever committed. ECDSA P-256 keeps generation to a few milliseconds each.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Identity {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface TestCertificates {
  readonly dir: string;
  /** CN=localhost, SAN IP:127.0.0.1 and DNS:localhost; self-signed, so it is also its own CA. */
  readonly server: Identity;
  /** A second key that does not belong to `server.cert`. */
  readonly strayKeyFile: string;
  /** Client certificate with SAN DNS:scraper.example. */
  readonly scraper: Identity;
  /** Client certificate with SAN DNS:intruder.example. */
  readonly intruder: Identity;
  remove(): void;
}

function selfSigned(dir: string, name: string, subject: string, san: string): Identity {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  const request = '-x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1'.split(' ');
  const names = ['-subj', subject, '-addext', `subjectAltName=${san}`];
  execFileSync('openssl', ['req', ...request, ...names, '-keyout', keyFile, '-out', certFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

export function makeCertificates(): TestCertificates {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('the web config TLS tests need the openssl command-line tool on PATH');
  }
  const dir = mkdtempSync(join(tmpdir(), 'web-config-tls-'));
  const stray = selfSigned(dir, 'stray', '/CN=stray', 'DNS:stray.example');
  return {
    dir,
    server: selfSigned(dir, 'server', '/CN=localhost', 'IP:127.0.0.1,DNS:localhost'),
    strayKeyFile: stray.keyFile,
    scraper: selfSigned(dir, 'scraper', '/CN=scraper', 'DNS:scraper.example'),
    intruder: selfSigned(dir, 'intruder', '/CN=intruder', 'DNS:intruder.example'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
