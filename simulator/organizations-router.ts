// Several simulated organizations behind one HTTP server, as the real API is one host for every
// organization: the bearer key alone says which organization answers. Each organization is a whole
// simulator (its own seed, organization id, data, truth, faults, names and limits). Keys are added
// and revoked while it runs, so tests can rotate a key file, or put one organization's key under
// another's name, and see what the exporter does.
//
//   /v1/...                       answered by the organization the key belongs to; a missing,
//                                 unknown or revoked key gets the API's 401 (auth.ts)
//   /__orgs/<name>/__truth?...    that organization's ground truth (see server.ts)
//   /__orgs/<name>/__faults       its fault queue: GET lists, POST injects, DELETE clears
// The /__orgs hooks are 404 with testHooks: false.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerKey, incorrectKey, missingKey } from './auth.js';
import { notFound } from './errors.js';
import { sendError } from './server.js';
import { createSimulator, listenWith } from './simulator.js';
import { RequestCounter } from './stats.js';
import type { RequestStats, RunningSimulator, Simulator, SimulatorOptions } from './types.js';

export class RouterOptionsError extends Error {
  override readonly name = 'RouterOptionsError';
}

export interface RoutedOrganization {
  /** How tests address it (`/__orgs/<name>/...`, `organization(name)`): [a-z0-9_-]+, unique. */
  readonly name: string;
  /** The admin keys it answers to from the start; addKey() adds more. */
  readonly keys: readonly string[];
  /** Its simulator's options; give each organization its own seed for different data. */
  readonly options?: SimulatorOptions;
}

export interface OrganizationsRouterOptions {
  /** Serves the `/__orgs/<name>/...` hooks; on by default. */
  readonly testHooks?: boolean;
}

export interface OrganizationsRouter {
  readonly requestListener: (req: IncomingMessage, res: ServerResponse) => void;
  listen(port?: number, host?: string): Promise<RunningSimulator>;
  /** In the order given. */
  readonly names: readonly string[];
  /** One organization's simulator: its truth, faults, stats, synthetic organization and limits. */
  organization(name: string): Simulator;
  /** From now on `key` answers as organization `name` (e.g. the new key of a rotation). */
  addKey(name: string, key: string): void;
  /** From now on `key` answers 401, like a key deleted in the dashboard; false if it was unknown. */
  revokeKey(key: string): boolean;
  /** The keys organization `name` answers to now, in the order they were added. */
  keys(name: string): string[];
  /** `/v1` requests refused for a missing, unknown or revoked key, by path below `/v1`. */
  readonly rejected: RequestStats;
  /** `/v1` requests that presented `key`, answered or refused: shows which key a client uses. */
  requestsWith(key: string): number;
}

const NAME = /^[a-z0-9_-]+$/;
const HOOK = /^\/__orgs\/([^/]+)(\/__[^/]*)$/;

export function createOrganizationsRouter(
  organizations: readonly RoutedOrganization[],
  options: OrganizationsRouterOptions = {},
): OrganizationsRouter {
  const simulators = new Map<string, Simulator>();
  const owners = new Map<string, string>();
  const rejected = new RequestCounter();
  const byKey = new Map<string, number>();
  const testHooks = options.testHooks ?? true;
  const known = (name: string): Simulator => {
    const simulator = simulators.get(name);
    if (simulator === undefined) throw new RouterOptionsError(`no organization named '${name}'`);
    return simulator;
  };
  const addKey = (name: string, key: string): void => {
    known(name);
    if (!/^\S+$/.test(key)) throw new RouterOptionsError(`a key of '${name}' is empty or has spaces`);
    const owner = owners.get(key);
    if (owner !== undefined && owner !== name)
      throw new RouterOptionsError(`a key of '${name}' already belongs to '${owner}'`);
    owners.set(key, name);
  };

  if (organizations.length === 0) throw new RouterOptionsError('at least one organization is needed');
  const ids = new Map<string, string>();
  for (const { name, options: simulatorOptions } of organizations) {
    if (!NAME.test(name)) throw new RouterOptionsError(`organization name '${name}' is not [a-z0-9_-]+`);
    if (simulators.has(name)) throw new RouterOptionsError(`organization name '${name}' is used twice`);
    // The router gates the hooks; each simulator keeps them so the router can hand requests on.
    const simulator = createSimulator({ ...simulatorOptions, testHooks: true });
    const id = simulator.organization.id;
    const twin = ids.get(id);
    if (twin !== undefined)
      throw new RouterOptionsError(`'${name}' and '${twin}' have the same organization id ${id}`);
    ids.set(id, name);
    simulators.set(name, simulator);
  }
  for (const { name, keys } of organizations) for (const key of keys) addKey(name, key);

  const requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://router.invalid');
    const path = url.pathname;
    if (path === '/v1' || path.startsWith('/v1/')) {
      const key = bearerKey(req.headers);
      if (key !== undefined) byKey.set(key, (byKey.get(key) ?? 0) + 1);
      const owner = key === undefined ? undefined : owners.get(key);
      const simulator = owner === undefined ? undefined : simulators.get(owner);
      if (simulator !== undefined) {
        simulator.requestListener(req, res);
        return;
      }
      rejected.record(path.slice(4).replace(/\/+$/, ''));
      sendError(res, key === undefined ? missingKey() : incorrectKey(key));
      return;
    }
    const hook = testHooks ? HOOK.exec(path) : null;
    const simulator = hook === null ? undefined : simulators.get(hook[1] ?? '');
    if (hook === null || simulator === undefined) {
      sendError(res, notFound(req.method ?? 'GET', path));
      return;
    }
    // The simulator's own hook handlers answer, as if asked directly.
    req.url = `${hook[2]}${url.search}`;
    simulator.requestListener(req, res);
  };

  return {
    requestListener,
    listen: (port = 0, host = '127.0.0.1') => listenWith(requestListener, port, host),
    names: organizations.map((o) => o.name),
    organization: known,
    addKey,
    revokeKey: (key) => owners.delete(key),
    keys: (name) => {
      known(name);
      return [...owners].filter(([, owner]) => owner === name).map(([key]) => key);
    },
    rejected,
    requestsWith: (key) => byKey.get(key) ?? 0,
  };
}
