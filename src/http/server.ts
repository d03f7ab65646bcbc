import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeListenAddress, type ListenAddress } from '../config/address-decoders.js';
import { ExporterError } from '../errors.js';

/** The address could not be bound; the message says why in terms of the address, not of Node. */
export class ListenError extends ExporterError {
  override readonly name = 'ListenError';
}

const LISTEN_PROBLEMS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use (EADDRINUSE): another process listens there; choose another port',
  EACCES: 'needs privileges to bind (EACCES); choose a port above 1023',
  EADDRNOTAVAIL: 'is not an address of this machine (EADDRNOTAVAIL)',
  ENOTFOUND: 'has a host name that does not resolve (ENOTFOUND)',
};

function listenError(address: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const problem = typeof code === 'string' ? LISTEN_PROBLEMS[code] : undefined;
  return problem === undefined ? error : new ListenError(`${address} ${problem}`);
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:9863` (the actual port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `host:port`, `:port` (all interfaces) or `[v6]:port`, decoded by the option's own decoder. */
export function splitListenAddress(address: string): ListenAddress {
  return decodeListenAddress(address);
}

export async function listen(
  handler: RequestListener,
  listenAddress: string,
  server?: Server,
): Promise<RunningServer> {
  const { host, port } = splitListenAddress(listenAddress);
  const http = server ?? createServer(handler);
  // Scrapers reuse connections; keep them a little longer than Prometheus's idle timeout.
  http.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error): void => reject(listenError(listenAddress, error));
    http.once('error', failed);
    http.listen(port, host, () => {
      http.off('error', failed);
      resolve();
    });
  });
  const bound = http.address() as AddressInfo;
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const scheme = 'cert' in http ? 'https' : 'http';
  return {
    url: `${scheme}://${shownHost}:${bound.port}`,
    port: bound.port,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
