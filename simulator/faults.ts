// Faults injected on demand. Each `/v1` request takes the first matching fault (in injection
// order) and uses up one of its `count`; a fault without `count` lasts until cleared.

import type { Fault, FaultController, FaultKind } from './types.js';

export class FaultValidationError extends Error {
  override readonly name = 'FaultValidationError';
}

const KINDS: readonly FaultKind[] = [
  'status',
  'delay',
  'hang',
  'truncated-json',
  'malformed-json',
  'oversized',
  'repeating-cursor',
  'has-more-null-next',
  'legacy-result-key',
  'drop-optional-fields',
  'extra-fields',
  'drop-cost-amount',
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const positiveInteger = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;

/** Checks an untrusted fault (e.g. a `POST /__faults` body) and returns a clean copy. */
export function parseFault(input: unknown): Fault {
  if (!isObject(input)) throw new FaultValidationError('a fault must be a JSON object');
  const kind = input.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind as FaultKind)) {
    throw new FaultValidationError(`kind must be one of ${KINDS.join(', ')}`);
  }
  const common: { count?: number; pathPrefix?: string } = {};
  if (input.count !== undefined) {
    if (!positiveInteger(input.count)) throw new FaultValidationError('count must be a positive integer');
    common.count = input.count;
  }
  if (input.pathPrefix !== undefined) {
    if (typeof input.pathPrefix !== 'string') throw new FaultValidationError('pathPrefix must be a string');
    common.pathPrefix = input.pathPrefix.replace(/^\/+/, '').replace(/^v1\//, '');
  }
  switch (kind as FaultKind) {
    case 'status': {
      const status = input.status;
      if (!Number.isSafeInteger(status) || (status as number) < 400 || (status as number) > 599) {
        throw new FaultValidationError('status must be an HTTP error status (400-599)');
      }
      if (input.retryAfter !== undefined && typeof input.retryAfter !== 'string') {
        throw new FaultValidationError('retryAfter must be a string (seconds or an HTTP date)');
      }
      return {
        ...common,
        kind: 'status',
        status: status as number,
        ...(input.retryAfter === undefined ? {} : { retryAfter: input.retryAfter }),
      };
    }
    case 'delay':
      if (!Number.isSafeInteger(input.ms) || (input.ms as number) < 0) {
        throw new FaultValidationError('ms must be a non-negative integer');
      }
      return { ...common, kind: 'delay', ms: input.ms as number };
    case 'oversized':
      if (!positiveInteger(input.bytes)) throw new FaultValidationError('bytes must be a positive integer');
      return { ...common, kind: 'oversized', bytes: input.bytes };
    default:
      return { ...common, kind } as Fault;
  }
}

export class FaultQueue implements FaultController {
  private faults: Fault[] = [];

  inject(fault: Fault): void {
    this.faults.push(parseFault(fault));
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The fault that applies to a request for `path` (below `/v1`), consuming one use of it. */
  take(path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => f.pathPrefix === undefined || path.startsWith(f.pathPrefix));
    const fault = this.faults[index];
    if (fault === undefined) return undefined;
    if (fault.count !== undefined) {
      if (fault.count <= 1) this.faults.splice(index, 1);
      else this.faults[index] = { ...fault, count: fault.count - 1 };
    }
    return fault;
  }
}
