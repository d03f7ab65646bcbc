// Container HEALTHCHECK: asks the exporter's own /-/healthy. The address is the one the exporter
// recorded after binding (<storage.path>/listen-address), so a listen address given as a flag or
// in the config file is probed too; before that file exists, the listen address from the
// environment. With a web config the endpoint may be behind TLS (a self-signed certificate is
// fine: this only talks to this machine) or basic auth (a 401 still proves the server is alive).

import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { decodeListenAddress } from './config/address-decoders.js';
import { BOUND_ADDRESS_FILE, type BoundAddress } from './exporter/bound-address.js';

function recordedUrl(): URL | undefined {
  const storage = process.env.OPENAI_EXPORTER_STORAGE_PATH ?? './data';
  try {
    const bound = JSON.parse(readFileSync(join(storage, BOUND_ADDRESS_FILE), 'utf8')) as BoundAddress;
    return new URL(bound.url);
  } catch {
    return undefined;
  }
}

function configuredUrl(): URL {
  const address = process.env.OPENAI_EXPORTER_WEB_LISTEN_ADDRESS ?? ':9863';
  const { port } = decodeListenAddress(address, 'OPENAI_EXPORTER_WEB_LISTEN_ADDRESS');
  const tls = (process.env.OPENAI_EXPORTER_WEB_CONFIG_FILE ?? '') !== '';
  return new URL(`${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
}

const alive = (status: number | undefined) => status === 200 || status === 401;

function probeTls(url: URL): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: '/-/healthy',
        rejectUnauthorized: false,
        timeout: 4000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function probePlain(url: URL): Promise<number | undefined> {
  try {
    return (await fetch(new URL('/-/healthy', url), { signal: AbortSignal.timeout(4000) })).status;
  } catch {
    return undefined;
  }
}

const target = recordedUrl() ?? configuredUrl();
const status =
  target.protocol === 'https:'
    ? ((await probeTls(target)) ?? (await probePlain(target)))
    : await probePlain(target);
process.exit(alive(status) ? 0 : 1);
