// A stand-in upstream with canned answers, for shapes the simulator never serves.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in upstream answering every request with `answer(url)`. */
export async function cannedUpstream(
  answer: (url: URL) => { status?: number; body: unknown },
): Promise<{ baseUrl: string; urls: URL[]; close: () => Promise<void> }> {
  const urls: URL[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://canned.invalid');
    urls.push(url);
    const { status = 200, body } = answer(url);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    urls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
