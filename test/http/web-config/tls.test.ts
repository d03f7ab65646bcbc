import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/http/server.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { ENDPOINTS, EXPOSITION, loadYaml, startExporter } from './support/exporter-server.js';
import { get } from './support/requests.js';

let certs: TestCertificates;
let server: RunningServer | undefined;

beforeAll(() => {
  certs = makeCertificates();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => certs.remove());

async function serve(yaml: string): Promise<string> {
  server = await startExporter(loadYaml(certs.dir, yaml));
  return server.url;
}

const TLS = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';
const trusted = () => ({ ca: certs.server.cert });

describe('serving over TLS', () => {
  it('serves every endpoint over HTTPS to a client that trusts the certificate', async () => {
    const url = await serve(TLS);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    for (const path of ENDPOINTS) {
      const response = await get(`${url}${path}`, { tls: trusted() });
      expect(response.status, path).toBe(path === '/no-such-page' ? 404 : 200);
      expect(response.protocol).toBe('TLSv1.3');
    }
    expect((await get(`${url}/metrics`, { tls: trusted() })).body).toBe(EXPOSITION);
  });

  it('refuses plain HTTP on the TLS port', async () => {
    const url = await serve(TLS);
    await expect(get(`${url.replace('https:', 'http:')}/metrics`)).rejects.toThrow();
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const url = await serve(TLS);
    await expect(get(`${url}/metrics`)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('accepts TLS 1.2 but refuses TLS 1.1 by default', async () => {
    const url = await serve(TLS);
    expect((await get(`${url}/metrics`, { tls: { ...trusted(), maxVersion: 'TLSv1.2' } })).protocol).toBe(
      'TLSv1.2',
    );
    // The client is loosened so that only the server can be the one saying no.
    const legacy = {
      ...trusted(),
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    } as const;
    await expect(get(`${url}/metrics`, { tls: legacy })).rejects.toThrow(/alert protocol version/);
  });

  it('raises the floor to TLS 1.3 with min_version', async () => {
    const url = await serve(`${TLS}  min_version: TLS13\n`);
    await expect(get(`${url}/metrics`, { tls: { ...trusted(), maxVersion: 'TLSv1.2' } })).rejects.toThrow(
      /alert protocol version/,
    );
    expect((await get(`${url}/metrics`, { tls: trusted() })).protocol).toBe('TLSv1.3');
  });

  it('caps the version with max_version', async () => {
    const url = await serve(`${TLS}  max_version: TLS12\n`);
    expect((await get(`${url}/metrics`, { tls: trusted() })).protocol).toBe('TLSv1.2');
  });

  it('offers only the configured cipher suites up to TLS 1.2', async () => {
    const url = await serve(
      `${TLS}  max_version: TLS12\n  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]\n`,
    );
    expect((await get(`${url}/metrics`, { tls: trusted() })).cipher).toBe(
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    );
    await expect(
      get(`${url}/metrics`, { tls: { ...trusted(), ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' } }),
    ).rejects.toThrow(/handshake failure/);
  });

  it('keeps TLS 1.3 available when cipher_suites lists only TLS 1.2 suites, as Go does', async () => {
    const url = await serve(`${TLS}  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]\n`);
    expect((await get(`${url}/metrics`, { tls: trusted() })).protocol).toBe('TLSv1.3');
  });

  it('puts basic auth behind TLS when both are configured', async () => {
    const hash = bcrypt.hashSync('s3cret', 4);
    const url = await serve(`${TLS}basic_auth_users:\n  alice: '${hash}'\n`);
    expect((await get(`${url}/metrics`, { tls: trusted() })).status).toBe(401);
    expect((await get(`${url}/metrics`, { tls: trusted(), auth: 'alice:s3cret' })).status).toBe(200);
  });
});

describe('client certificates', () => {
  const scraper = () => ({ ...trusted(), cert: certs.scraper.cert, key: certs.scraper.key });
  const intruder = () => ({ ...trusted(), cert: certs.intruder.cert, key: certs.intruder.key });
  const status = (url: string, tls: ReturnType<typeof trusted>) =>
    get(`${url}/metrics`, { tls }).then(
      (response) => response.status,
      () => 'refused',
    );

  it('RequireAndVerifyClientCert admits only certificates signed by client_ca_file', async () => {
    const url = await serve(
      `${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: scraper.crt\n`,
    );
    expect(await status(url, trusted())).toBe('refused');
    expect(await status(url, intruder())).toBe('refused');
    expect(await status(url, scraper())).toBe(200);
  });

  it('RequireAnyClientCert demands a certificate but does not verify it', async () => {
    const url = await serve(`${TLS}  client_auth_type: RequireAnyClientCert\n`);
    expect(await status(url, trusted())).toBe('refused');
    expect(await status(url, intruder())).toBe(200);
  });

  it('VerifyClientCertIfGiven admits clients without a certificate but not with a bad one', async () => {
    const url = await serve(
      `${TLS}  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: scraper.crt\n`,
    );
    expect(await status(url, trusted())).toBe(200);
    expect(await status(url, scraper())).toBe(200);
    expect(await status(url, intruder())).toBe('refused');
  });

  it('RequestClientCert admits everyone', async () => {
    const url = await serve(`${TLS}  client_auth_type: RequestClientCert\n`);
    expect(await status(url, trusted())).toBe(200);
    expect(await status(url, intruder())).toBe(200);
  });

  it('client_allowed_sans admits only certificates carrying a listed SAN', async () => {
    const url = await serve(
      `${TLS}  client_auth_type: RequireAnyClientCert\n  client_allowed_sans: [scraper.example]\n`,
    );
    expect(await status(url, scraper())).toBe(200);
    expect(await status(url, intruder())).toBe('refused');
  });
});
