// The simulator's public contract. Exporter tests, the benchmark and `--demo` code against these names.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CategoryId, Dimension, UsageCategoryId } from '../src/catalog/categories.js';

export interface SimulatorScale {
  projects?: number;
  usersPerProject?: number;
  apiKeysPerProject?: number;
  models?: number;
}

export interface SimulatorOptions {
  seed?: number;
  /** Clock in epoch milliseconds; injectable so tests can play hours in seconds. */
  now?: () => number;
  /** A bucket keeps growing for this long after it ends, then is final. */
  finalizationDelaySeconds?: number;
  scale?: SimulatorScale;
  /** Unix seconds; no usage before. */
  trafficStartTime?: number;
  /** Unix seconds; no usage at or after. */
  trafficEndTime?: number;
  /** Fraction of costs results whose `amount.value` is a numeric JSON string. */
  stringAmountRatio?: number;
  /**
   * Adds a "Promotional credit" line item: every project gets a small credit (a negative amount)
   * for each minute of the traffic window that has ended, so costs carry credit rows. Off by default.
   */
  credits?: boolean;
  organizationId?: string;
  /**
   * Changes every price of one model by a factor from a UTC day on (the day's amounts and all
   * later ones), so tests can show prices learned from the bill following a change. None by default.
   */
  priceChange?: PriceChange;
  /**
   * Multiplies the usage events of every flow category (and so tokens, requests and their costs)
   * by a factor for a while, so tests can show a spend spike reaching the alerts. None by default.
   */
  spike?: TrafficSpike;
  /**
   * Serves the test hooks `/__truth` and `/__faults` next to `/v1`. On by default, for the tests and
   * `npm run simulate`; --demo turns them off, so a demo serves only what the real API serves.
   */
  testHooks?: boolean;
}

export interface PriceChange {
  /** The snapshot name, e.g. `gpt-4o-2024-08-06`; every line item billing it changes. */
  readonly model: string;
  /** Unix seconds of the UTC midnight the new price starts. */
  readonly fromTime: number;
  /** New price over list price, e.g. 1.5; > 0. */
  readonly factor: number;
}

export interface TrafficSpike {
  /** Unix seconds; like the traffic window, only minutes lying entirely inside the spike change. */
  readonly fromTime: number;
  readonly durationSeconds: number;
  /** Events per minute over their usual number, e.g. 10; > 0. */
  readonly factor: number;
}

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:PORT/v1` */
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface TruthQuery {
  readonly category: CategoryId;
  readonly startTime: number;
  readonly endTime: number;
  readonly groupBy: readonly Dimension[];
}

export interface TruthRow {
  /** One key per grouped dimension; booleans are `'true'`/`'false'`. */
  readonly labels: Record<string, string | null>;
  /**
   * Keyed by the catalog's field names. For costs, each day's row is split like the exporter
   * splits it: `amount` holds the charges (positive amounts), `credits` the negative amounts as
   * positive numbers; net spend is `amount - credits`.
   */
  readonly values: Record<string, number>;
}

export interface GroundTruth {
  finalTotals(q: TruthQuery): TruthRow[];
}

export type FaultKind =
  | 'status'
  | 'delay'
  | 'hang'
  | 'truncated-json'
  | 'malformed-json'
  | 'oversized'
  | 'repeating-cursor'
  | 'has-more-null-next'
  | 'legacy-result-key'
  | 'drop-optional-fields'
  | 'extra-fields'
  | 'drop-cost-amount';

export type Fault = {
  /** Requests affected; unlimited until cleared when absent. */
  count?: number;
  /** Path below `/v1`, e.g. `organization/usage/images`; all of `/v1` when absent. */
  pathPrefix?: string;
} & (
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  | { kind: 'truncated-json' }
  | { kind: 'malformed-json' }
  | { kind: 'oversized'; bytes: number }
  | { kind: 'repeating-cursor' }
  | { kind: 'has-more-null-next' }
  | { kind: 'legacy-result-key' }
  | { kind: 'drop-optional-fields' }
  | { kind: 'extra-fields' }
  /** Costs results without `amount` (the spec requires only `object`); other fields stay. */
  | { kind: 'drop-cost-amount' }
);

export interface FaultController {
  inject(fault: Fault): void;
  clear(): void;
  list(): Fault[];
}

export interface RequestStats {
  /** All `/v1` requests received since creation or the last `reset()`. */
  readonly total: number;
  /** Requests whose path below `/v1` starts with `pathPrefix`, e.g. `organization/usage`. */
  count(pathPrefix?: string): number;
  /** Requests per exact path below `/v1`. */
  byPath(): Record<string, number>;
  reset(): void;
}

export interface SyntheticProject {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface SyntheticUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: 'owner' | 'reader';
  readonly projectId: string;
  readonly addedAt: number;
}

export interface SyntheticApiKey {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly ownerUserId: string;
  readonly redactedValue: string;
  readonly createdAt: number;
}

export interface SyntheticVectorStore {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
}

export interface SyntheticModel {
  /** The snapshot name the API reports, e.g. `gpt-4o-mini-2024-07-18`. */
  readonly id: string;
  readonly category: UsageCategoryId;
}

export interface SyntheticOrganization {
  readonly id: string;
  readonly name: string;
  readonly projects: readonly SyntheticProject[];
  /** `usersPerProject` consecutive users belong to each project, in project order. */
  readonly users: readonly SyntheticUser[];
  /** `apiKeysPerProject` consecutive keys belong to each project, in project order. */
  readonly apiKeys: readonly SyntheticApiKey[];
  /** The vector stores file search hits, a fixed number per project, in project order. */
  readonly vectorStores: readonly SyntheticVectorStore[];
  readonly models: readonly SyntheticModel[];
}

export interface SimulatedSpendLimit {
  /** `threshold_amount`: US cents, as the API gives it. */
  readonly thresholdCents: number;
  /** `enforcement.status` is `enforcing` (else `inactive`). */
  readonly enforcing: boolean;
}

export interface SimulatedSpendAlert {
  readonly id: string;
  /** `threshold_amount`: US cents. */
  readonly thresholdCents: number;
}

/** One `project.rate_limit`; the optional fields are absent where the API leaves them out. */
export interface SimulatedRateLimit {
  readonly id: string;
  readonly model: string;
  readonly maxRequestsPerMinute: number;
  readonly maxTokensPerMinute: number;
  readonly maxImagesPerMinute?: number;
  readonly maxAudioMegabytesPerMinute?: number;
  readonly maxRequestsPerDay?: number;
  readonly batchInputTokensPerDay?: number;
}

export interface SimulatedProjectLimits {
  readonly projectId: string;
  /** Undefined when the project has no hard limit: its spend_limit answers 404. */
  readonly spendLimit: SimulatedSpendLimit | undefined;
  readonly spendAlerts: readonly SimulatedSpendAlert[];
  readonly rateLimits: readonly SimulatedRateLimit[];
}

/** Every limit the organization holds at one instant; they change at LIMITS_PERIOD_SECONDS boundaries. */
export interface SimulatedLimits {
  readonly spendLimit: SimulatedSpendLimit | undefined;
  readonly spendAlerts: readonly SimulatedSpendAlert[];
  /** In project order. */
  readonly projects: readonly SimulatedProjectLimits[];
}

export interface Simulator {
  /** The limits the five limits endpoints serve at `nowMs` (default: the simulator's clock). */
  limits(nowMs?: number): SimulatedLimits;
  readonly requestListener: (req: IncomingMessage, res: ServerResponse) => void;
  listen(port?: number, host?: string): Promise<RunningSimulator>;
  readonly truth: GroundTruth;
  readonly faults: FaultController;
  readonly stats: RequestStats;
  readonly organization: SyntheticOrganization;
}
