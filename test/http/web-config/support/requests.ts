// One request per fresh connection (no agent), so every request performs its own TLS handshake
// with exactly the client settings the test asks for.

import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Negotiated TLS protocol and cipher, for HTTPS. */
  readonly protocol?: string | null;
  readonly cipher?: string;
}

export interface ClientOptions {
  readonly headers?: Record<string, string>;
  /** `user:password`, sent as a Basic Authorization header. */
  readonly auth?: string;
  readonly tls?: Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'minVersion' | 'maxVersion' | 'ciphers'>;
}

export function basic(userAndPassword: string): string {
  return `Basic ${Buffer.from(userAndPassword).toString('base64')}`;
}

export function get(url: string, options: ClientOptions = {}): Promise<Response> {
  const headers = {
    ...options.headers,
    ...(options.auth === undefined ? {} : { authorization: basic(options.auth) }),
  };
  const secure = url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const done = (res: IncomingMessage) => {
      const socket = res.socket as TLSSocket;
      // Read now: once the response ends the connection closes and the socket forgets.
      const negotiated = secure
        ? { protocol: socket.getProtocol(), cipher: socket.getCipher().standardName }
        : {};
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
          ...negotiated,
        }),
      );
    };
    const req = secure
      ? httpsRequest(url, { headers, agent: false, ...options.tls }, done)
      : httpRequest(url, { headers, agent: false }, done);
    req.on('error', reject);
    req.end();
  });
}
