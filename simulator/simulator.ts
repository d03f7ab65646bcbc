// createSimulator: wires the engine, truth, faults and stats to a node:http request listener.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulationEngine } from './engine.js';
import { FaultQueue } from './faults.js';
import { LimitsModel } from './limits-model.js';
import { createRequestListener } from './server.js';
import { RequestCounter } from './stats.js';
import { createGroundTruth } from './truth.js';
import type { RunningSimulator, Simulator, SimulatorOptions } from './types.js';

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const engine = new SimulationEngine(options);
  const faults = new FaultQueue();
  const stats = new RequestCounter();
  const truth = createGroundTruth(engine);
  const now = options.now ?? Date.now;
  const limits = new LimitsModel(engine.seed, engine.org.organization);
  const requestListener = createRequestListener({
    engine,
    limits,
    faults,
    stats,
    truth,
    now,
    testHooks: options.testHooks ?? true,
  });
  return {
    requestListener,
    truth,
    faults,
    stats,
    organization: engine.org.organization,
    limits: (nowMs = now()) => limits.all(nowMs),
    listen: (port = 0, host = '127.0.0.1') => listenWith(requestListener, port, host),
  };
}

/** Serves a request listener on `host:port` (0: a free port) until close(), which also ends open requests. */
export async function listenWith(
  listener: Simulator['requestListener'],
  port: number,
  host: string,
): Promise<RunningSimulator> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${urlHost}:${actualPort}/v1`,
    port: actualPort,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Also ends hanging and delayed requests, so tests never leak sockets.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
