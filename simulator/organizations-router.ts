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
//   /__orgs/<name>/__keys         its keys: GET lists, POST {"key": "sk-admin-..."} adds,
//                                 DELETE ?key=... revokes (404 if it was not its key)
// The /__orgs hooks are 404 with testHooks: false.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerKey, incorrectKey, missingKey } from './auth.js';
import { invalidParam, notFound } from './errors.js';
import { answer, answerBody, sendError } from './server.js';
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
  return new Router(organizations, options.testHooks ?? true);
}

class Router implements OrganizationsRouter {
  readonly names: readonly string[];
  readonly rejected = new RequestCounter();
  private readonly simulators = new Map<string, Simulator>();
  /** Key → the name of the organization it answers as. */
  private readonly owners = new Map<string, string>();
  private readonly uses = new Map<string, number>();

  constructor(
    organizations: readonly RoutedOrganization[],
    private readonly testHooks: boolean,
  ) {
    if (organizations.length === 0) throw new RouterOptionsError('at least one organization is needed');
    const ids = new Map<string, string>();
    for (const { name, options } of organizations) {
      if (!NAME.test(name)) throw new RouterOptionsError(`organization name '${name}' is not [a-z0-9_-]+`);
      if (this.simulators.has(name))
        throw new RouterOptionsError(`organization name '${name}' is used twice`);
      // The router gates the hooks; each simulator keeps them so the router can hand requests on.
      const simulator = createSimulator({ ...options, testHooks: true });
      const id = simulator.organization.id;
      const twin = ids.get(id);
      if (twin !== undefined)
        throw new RouterOptionsError(`'${name}' and '${twin}' have the same organization id ${id}`);
      ids.set(id, name);
      this.simulators.set(name, simulator);
    }
    this.names = organizations.map((o) => o.name);
    for (const { name, keys } of organizations) for (const key of keys) this.addKey(name, key);
  }

  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://router.invalid');
    const path = url.pathname;
    if (path === '/v1' || path.startsWith('/v1/')) {
      this.routeV1(req, res, path);
      return;
    }
    const hook = this.testHooks ? HOOK.exec(path) : null;
    const name = hook?.[1] ?? '';
    const simulator = this.simulators.get(name);
    if (hook === null || simulator === undefined) sendError(res, notFound(req.method ?? 'GET', path));
    else if (hook[2] === '/__keys') this.handleKeys(name, req, res, url.searchParams);
    else {
      // The simulator's own hook handlers answer, as if asked directly.
      req.url = `${hook[2]}${url.search}`;
      simulator.requestListener(req, res);
    }
  };

  listen(port = 0, host = '127.0.0.1'): Promise<RunningSimulator> {
    return listenWith(this.requestListener, port, host);
  }

  organization(name: string): Simulator {
    const simulator = this.simulators.get(name);
    if (simulator === undefined) throw new RouterOptionsError(`no organization named '${name}'`);
    return simulator;
  }

  addKey(name: string, key: string): void {
    this.organization(name);
    if (!/^\S+$/.test(key)) throw new RouterOptionsError(`a key of '${name}' is empty or has spaces`);
    const owner = this.owners.get(key);
    if (owner !== undefined && owner !== name)
      throw new RouterOptionsError(`a key of '${name}' already belongs to '${owner}'`);
    this.owners.set(key, name);
  }

  revokeKey(key: string): boolean {
    return this.owners.delete(key);
  }

  keys(name: string): string[] {
    this.organization(name);
    return [...this.owners].filter(([, owner]) => owner === name).map(([key]) => key);
  }

  requestsWith(key: string): number {
    return this.uses.get(key) ?? 0;
  }

  private routeV1(req: IncomingMessage, res: ServerResponse, path: string): void {
    const key = bearerKey(req.headers);
    if (key !== undefined) this.uses.set(key, this.requestsWith(key) + 1);
    const owner = key === undefined ? undefined : this.owners.get(key);
    const simulator = owner === undefined ? undefined : this.simulators.get(owner);
    if (simulator !== undefined) {
      simulator.requestListener(req, res);
      return;
    }
    this.rejected.record(path.slice(4).replace(/\/+$/, ''));
    sendError(res, key === undefined ? missingKey() : incorrectKey(key));
  }

  private handleKeys(name: string, req: IncomingMessage, res: ServerResponse, params: URLSearchParams): void {
    if (req.method === 'GET') answer(res, () => this.keys(name));
    else if (req.method === 'POST') answerBody(req, res, (body) => this.addKeyFromBody(name, body));
    else if (req.method === 'DELETE' && this.owners.get(params.get('key') ?? '') === name) {
      this.revokeKey(params.get('key') ?? '');
      res.writeHead(204).end();
    } else sendError(res, notFound(req.method ?? 'GET', `/__orgs/${name}/__keys`));
  }

  private addKeyFromBody(name: string, body: unknown): { key: string } {
    const key = (body as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') throw invalidParam('key', 'The body must be {"key": "..."}.');
    try {
      this.addKey(name, key);
    } catch (error) {
      if (error instanceof RouterOptionsError) throw invalidParam('key', error.message);
      throw error;
    }
    return { key };
  }
}
