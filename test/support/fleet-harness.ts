// Several simulated organizations behind one upstream address, told apart by the bearer key (as
// the real API tells organizations apart), and a Fleet of exporters polling them in-process on a
// virtual clock.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createSimulator, type Simulator } from '../../simulator/index.js';
import { type ExporterConfig, loadConfig } from '../../src/config/index.js';
import {
  assembleOrganization,
  type FleetShared,
  type OrganizationSetup,
  organizationUpstream,
} from '../../src/exporter/assemble-organization.js';
import { ALL_PARTS } from '../../src/exporter/exposition-parts.js';
import { Fleet } from '../../src/exporter/fleet.js';
import { FleetExposition } from '../../src/metrics/fleet-exposition.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { FixedKey, type KeySource } from '../../src/secrets/rotating-key.js';
import type { VirtualClock } from './virtual-clock.js';

export interface SimulatedOrganization {
  readonly name: string;
  readonly simulator: Simulator;
  /** Every key that answers for this organization; a key can be added later (a rotation). */
  readonly keys: Set<string>;
  /** Requests that reached this organization, by path (without /v1/). */
  readonly requests: string[];
}

export interface KeyedUpstream {
  readonly baseUrl: string;
  readonly organizations: ReadonlyMap<string, SimulatedOrganization>;
  close(): Promise<void>;
}

/** One simulator per organization (its own seed and id), chosen by the request's bearer key. */
export async function startKeyedUpstream(
  names: readonly string[],
  options: { readonly now: () => number; readonly trafficEndTime?: number },
): Promise<KeyedUpstream> {
  const organizations = new Map<string, SimulatedOrganization>();
  names.forEach((name, index) => {
    const simulator = createSimulator({
      seed: 101 + index,
      now: options.now,
      finalizationDelaySeconds: 300,
      organizationId: `org-${name}`,
      scale: { projects: 2, models: 3 },
      ...(options.trafficEndTime === undefined ? {} : { trafficEndTime: options.trafficEndTime }),
    });
    organizations.set(name, { name, simulator, keys: new Set([keyOf(name)]), requests: [] });
  });
  const server: Server = createServer((req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const organization = [...organizations.values()].find((candidate) => candidate.keys.has(key));
    if (organization === undefined) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }));
      return;
    }
    organization.requests.push((req.url ?? '').replace(/^\/v1\//, '').replace(/\?.*$/, ''));
    organization.simulator.requestListener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    organizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The first key of a simulated organization. */
export function keyOf(name: string, generation = 1): string {
  return `sk-admin-fleet-${name}-${generation}-0123456789abcdef`;
}

export interface FleetOrganization {
  readonly name: string;
  readonly directory: string;
  /** Default: the organization's first key, fixed. */
  readonly key?: KeySource;
}

/** A fleet of the given organizations against `baseUrl`, its clients' waits on `clock`. */
export async function buildFleet(
  organizations: readonly FleetOrganization[],
  baseUrl: string,
  clock: VirtualClock,
  argv: readonly string[] = [],
): Promise<{ fleet: Fleet; metrics: SelfMetrics; config: ExporterConfig }> {
  // Practically no request ceiling nor concurrency limit: every wait is then a sleep on the virtual clock.
  const base = loadConfig(
    ['--poll.jitter=0', '--openai.requests-per-second=1000', '--poll.concurrency=16', ...argv],
    {},
  ).config;
  const config: ExporterConfig = { ...base, openai: { ...base.openai, baseUrl } };
  const metrics = new SelfMetrics({ version: 'test', revision: 'test' });
  const exposition = new FleetExposition(
    organizations.map((organization) => organization.name),
    ALL_PARTS,
  );
  const shared: FleetShared = {
    logger: pino({ level: 'silent' }),
    metrics,
    exposition,
    secrets: [],
    nowMs: () => clock.now(),
    timing: {
      sleep: (ms, signal) => clock.sleep(ms, signal ?? new AbortController().signal),
      now: () => clock.now(),
    },
  };
  const members = await Promise.all(
    organizations.map((organization) => {
      const setup: OrganizationSetup = {
        name: organization.name,
        config,
        directory: organization.directory,
        listed: true,
        key: organization.key ?? new FixedKey(keyOf(organization.name)),
      };
      return assembleOrganization(setup, organizationUpstream(setup, shared), shared);
    }),
  );
  return { fleet: new Fleet(members, exposition), metrics, config };
}
