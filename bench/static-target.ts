// Child process: the floor for a scrape on this machine. A bare node:http server that writes the
// exporter's own bodies, fetched from it once after its polls, from memory: no routing, no
// rendering, no compression, so what remains is the cost of HTTP and loopback alone.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StaticTargetReport } from './protocol.js';
import { runTarget, send } from './target-process.js';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

async function main(): Promise<void> {
  const [gzipFile = '', plainFile = ''] = process.argv.slice(2);
  const gzip = readFileSync(gzipFile);
  const plain = readFileSync(plainFile);
  const server = createServer((req, res) => {
    const body = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') ? gzip : plain;
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPE,
      'Content-Length': body.length,
      ...(body === gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const report: StaticTargetReport = {
    url: `http://127.0.0.1:${port}/metrics`,
    plainBytes: plain.length,
    gzipBytes: gzip.length,
  };
  send({ type: 'ready', report });
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

runTarget(main);
