// An upstream that behaves as badly as possible with a secret: whatever it answers can quote the
// full Authorization header it received. It also records every header, to prove which key was sent.

import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EchoUpstream {
  /** e.g. `http://127.0.0.1:PORT/v1` */
  readonly baseUrl: string;
  /** The Authorization header of every request received, in order. */
  readonly authorizations: string[];
  close(): Promise<void>;
}

/** Serves `answer(authorization, request)` on every path, or hands the request to `delegate`. */
export async function startEchoUpstream(
  answer: ((authorization: string, request: IncomingMessage) => EchoAnswer) | { delegate: RequestListener },
): Promise<EchoUpstream> {
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    const authorization = req.headers.authorization ?? '';
    authorizations.push(authorization);
    if ('delegate' in answer) {
      answer.delegate(req, res);
      return;
    }
    const { status, body, headers = {} } = answer(authorization, req);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The OpenAI error envelope, with `message` and `code` quoting whatever the caller puts in. */
export function errorBody(message: string, code: string | null = null): string {
  return JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } });
}
