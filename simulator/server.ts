// The HTTP face (node:http only): `/v1` like the real API, plus `/__truth` and `/__faults`
// for tests (when testHooks is on). Every `/v1` request is counted, then meets the first matching injected fault.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { CATEGORIES, CATEGORY_IDS, type CategorySpec } from '../src/catalog/categories.js';
import { serveListing } from './admin-listing.js';
import { authenticate } from './auth.js';
import type { SimulationEngine } from './engine.js';
import { ApiError, invalidParam, notFound, statusError } from './errors.js';
import { type FaultQueue, FaultValidationError, parseFault } from './faults.js';
import { isLimitsPath, serveLimits } from './limits-endpoints.js';
import type { LimitsModel } from './limits-model.js';
import { servePage } from './pages.js';
import { parseQuery, type RawParams } from './query-params.js';
import { shapeBytes, shapePage } from './shaping.js';
import type { RequestCounter } from './stats.js';
import { truthFromParams } from './truth.js';
import type { Fault, GroundTruth } from './types.js';
import { validateQuery } from './validation.js';

export interface ServerDeps {
  readonly engine: SimulationEngine;
  readonly limits: LimitsModel;
  readonly faults: FaultQueue;
  readonly stats: RequestCounter;
  readonly truth: GroundTruth;
  readonly now: () => number;
  /** Whether `/__truth` and `/__faults` answer; off, they are 404 like any unknown path. */
  readonly testHooks: boolean;
}

const MAX_CONTROL_BODY = 1 << 20;
const CHUNK = 64 * 1024;
const CATEGORY_BY_PATH = new Map<string, CategorySpec>(
  CATEGORY_IDS.map((id) => [CATEGORIES[id].path, CATEGORIES[id]]),
);

export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/v1' || path.startsWith('/v1/')) {
      handleV1(deps, req, res, path.slice(4).replace(/\/+$/, ''), parseQuery(url.searchParams));
    } else if (!deps.testHooks) {
      sendError(res, notFound(method, path));
    } else if (path === '/__truth' && method === 'GET') {
      answer(res, () => truthFromParams(deps.truth, parseQuery(url.searchParams)));
    } else if (path === '/__faults') {
      handleFaults(deps.faults, req, res);
    } else {
      sendError(res, notFound(method, path));
    }
  };
}

function handleV1(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  params: RawParams,
): void {
  deps.stats.record(path);
  const fault = deps.faults.take(path);
  if (fault?.kind === 'status') {
    sendError(res, statusError(fault.status, fault.retryAfter));
    return;
  }
  // A hanging request is only ended by the client or by close() destroying its socket.
  if (fault?.kind === 'hang') return;
  const respond = () => respondV1(deps, req, res, path, params, fault);
  if (fault?.kind !== 'delay') {
    respond();
    return;
  }
  const timer = setTimeout(respond, fault.ms);
  res.once('close', () => clearTimeout(timer));
}

function respondV1(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  params: RawParams,
  fault: Fault | undefined,
): void {
  let status = 200;
  let body: unknown;
  let headers: Readonly<Record<string, string>> = {};
  try {
    body = route(deps, req, path, params, fault);
  } catch (error) {
    const apiError = toApiError(error);
    status = apiError.status;
    headers = apiError.headers;
    body = apiError.body();
  }
  send(res, status, shapeBytes(JSON.stringify(body), fault), headers);
}

function route(
  deps: ServerDeps,
  req: IncomingMessage,
  path: string,
  params: RawParams,
  fault: Fault | undefined,
): unknown {
  const category = CATEGORY_BY_PATH.get(path);
  const isListing = /^organization\/(projects|users|projects\/[^/]+\/api_keys)$/.test(path);
  const isLimits = isLimitsPath(path);
  if (req.method !== 'GET' || (category === undefined && !isListing && !isLimits))
    throw notFound(req.method ?? 'GET', `/v1/${path}`);
  authenticate(req.headers);
  if (isLimits) return serveLimits(deps.limits, path, params, deps.now());
  if (category === undefined) return serveListing(deps.engine.org.organization, path, params);
  const query = validateQuery(category, params);
  return shapePage(servePage(deps.engine, query, deps.now()), category, fault);
}

function handleFaults(faults: FaultQueue, req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET') {
    answer(res, () => faults.list());
    return;
  }
  if (req.method === 'DELETE') {
    faults.clear();
    res.writeHead(204).end();
    return;
  }
  if (req.method !== 'POST') {
    sendError(res, notFound(req.method ?? 'GET', '/__faults'));
    return;
  }
  answerBody(req, res, (body) => {
    const fault = parseFault(body);
    faults.inject(fault);
    return fault;
  });
}

/** Reads a control request's JSON body (up to 1 MiB) and answers 201 with what `handle` returns. */
export function answerBody(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (body: unknown) => unknown,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_CONTROL_BODY) chunks.push(chunk);
  });
  req.on('end', () =>
    answer(
      res,
      () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          throw invalidParam('body', 'The body must be a JSON object.');
        }
        return handle(parsed);
      },
      201,
    ),
  );
}

/** Answers with `produce()` as JSON, or with the API error it throws. */
export function answer(res: ServerResponse, produce: () => unknown, status = 200): void {
  try {
    send(res, status, { text: JSON.stringify(produce()), chunked: false }, {});
  } catch (error) {
    sendError(res, toApiError(error));
  }
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof FaultValidationError) return invalidParam('fault', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(500, `Simulator failure: ${message}`, 'server_error');
}

/** Answers with an API error in the OpenAI shape (also the organizations router's 401s). */
export function sendError(res: ServerResponse, error: ApiError): void {
  send(res, error.status, { text: JSON.stringify(error.body()), chunked: false }, error.headers);
}

function send(
  res: ServerResponse,
  status: number,
  body: { readonly text: string; readonly chunked: boolean },
  headers: Readonly<Record<string, string>>,
): void {
  if (res.destroyed) return;
  const bytes = Buffer.from(body.text, 'utf8');
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (!body.chunked) {
    res.setHeader('content-length', bytes.length);
    res.end(bytes);
    return;
  }
  for (let offset = 0; offset < bytes.length; offset += CHUNK)
    res.write(bytes.subarray(offset, offset + CHUNK));
  res.end();
}
