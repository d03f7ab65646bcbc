// Container HEALTHCHECK: asks the exporter's own /-/healthy on the configured listen address.
// With a web config the endpoint may be behind TLS (a self-signed certificate is fine: this only
// talks to localhost) or basic auth (a 401 still proves the server is alive).

import { request } from 'node:https';

const address = process.env.OPENAI_EXPORTER_WEB_LISTEN_ADDRESS ?? ':9863';
const port = Number(address.slice(address.lastIndexOf(':') + 1));
const tls = (process.env.OPENAI_EXPORTER_WEB_CONFIG_FILE ?? '') !== '';

const alive = (status: number | undefined) => status === 200 || status === 401;

function probeTls(): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/-/healthy', rejectUnauthorized: false, timeout: 4000 },
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

async function probePlain(): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/-/healthy`, { signal: AbortSignal.timeout(4000) })).status;
  } catch {
    return undefined;
  }
}

const status = tls ? ((await probeTls()) ?? (await probePlain())) : await probePlain();
process.exit(alive(status) ? 0 : 1);
