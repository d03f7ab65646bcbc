// The organization's own limits: hard spend limits, spend alerts and per-model rate limits, each a
// pure function of (seed, project, period), so a limit changes at a period boundary and every
// instance of the simulator with the same seed agrees on it.

import { hashOf, token, unitAt } from './prng.js';
import type {
  SimulatedLimits,
  SimulatedProjectLimits,
  SimulatedRateLimit,
  SimulatedSpendAlert,
  SimulatedSpendLimit,
  SyntheticOrganization,
} from './types.js';

/** Limits that change move at these boundaries (Unix seconds multiple of one hour). */
export const LIMITS_PERIOD_SECONDS = 3600;

const ORGANIZATION = -1;
/** Shares of the hard limit at which the synthetic spend alerts sit. */
const ALERT_SHARES = [0.5, 0.8, 0.9] as const;
/** Always listed, so `gpt-4o-…` usage meets a shorter limit name that also prefixes it. */
const PREFIX_TRAP_MODEL = 'gpt-4';
const DATED = /-\d{4}-\d{2}-\d{2}$/;
/**
 * Left out of the rate limits of every fourth project (indexes 1, 5, …): no other limit name
 * prefixes its dated usage model, so that usage shows as unmapped, in every demo too.
 */
export const UNLIMITED_MODEL = 'o3';

interface ModelLimits {
  readonly rpm: number;
  readonly tpm: number;
  readonly images?: number;
  readonly audioMb?: number;
  readonly rpd?: number;
  readonly batch?: number;
}

/** Per-minute limits by family, scaled per project; extra fields only where the real API gives them. */
function familyLimits(category: string): ModelLimits {
  switch (category) {
    case 'images':
      return { rpm: 500, tpm: 100_000, images: 50 };
    case 'audio_transcriptions':
    case 'audio_speeches':
      return { rpm: 500, tpm: 50_000, audioMb: 100 };
    case 'moderations':
      return { rpm: 1000, tpm: 150_000, rpd: 100_000 };
    case 'embeddings':
      return { rpm: 3000, tpm: 1_000_000, batch: 10_000_000 };
    default:
      return { rpm: 5000, tpm: 800_000, rpd: 1_000_000, batch: 20_000_000 };
  }
}

export class LimitsModel {
  readonly #seed: number;
  readonly #org: SyntheticOrganization;
  readonly #projectIndex: ReadonlyMap<string, number>;
  readonly #models: readonly { readonly model: string; readonly limits: ModelLimits }[];

  constructor(seed: number, org: SyntheticOrganization) {
    this.#seed = seed;
    this.#org = org;
    this.#projectIndex = new Map(org.projects.map((p, i) => [p.id, i]));
    const models = new Map<string, ModelLimits>([[PREFIX_TRAP_MODEL, familyLimits('completions')]]);
    for (const m of org.models) {
      // Fine-tuned snapshots get no limit of their own here: their usage shows as unmapped.
      if (m.id.startsWith('ft:')) continue;
      const name = m.id.replace(DATED, '');
      if (!models.has(name)) models.set(name, familyLimits(m.category));
    }
    this.#models = [...models].map(([model, limits]) => ({ model, limits }));
  }

  /** Every limit the organization holds at `nowMs`. */
  all(nowMs: number): SimulatedLimits {
    return {
      spendLimit: this.organizationSpendLimit(nowMs),
      spendAlerts: this.organizationSpendAlerts(nowMs),
      projects: this.#org.projects.map((p) => this.project(p.id, nowMs) as SimulatedProjectLimits),
    };
  }

  organizationSpendLimit(nowMs: number): SimulatedSpendLimit | undefined {
    return this.#spendLimit(ORGANIZATION, nowMs);
  }

  organizationSpendAlerts(nowMs: number): SimulatedSpendAlert[] {
    return this.#alerts(ORGANIZATION, nowMs);
  }

  /** Undefined for a project the organization does not have. */
  project(projectId: string, nowMs: number): SimulatedProjectLimits | undefined {
    const index = this.#projectIndex.get(projectId);
    if (index === undefined) return undefined;
    return {
      projectId,
      spendLimit: this.#spendLimit(index, nowMs),
      spendAlerts: this.#alerts(index, nowMs),
      rateLimits: this.#rateLimits(index, nowMs),
    };
  }

  /** Projects 0, 1 and 2 of every four have a limit, the fourth none; the organization has one for most seeds. */
  #spendLimit(index: number, nowMs: number): SimulatedSpendLimit | undefined {
    const h = hashOf(this.#seed, 0x20, index + 1);
    if (index === ORGANIZATION ? unitAt(h, 0) < 0.2 : index % 4 === 3) return undefined;
    const baseDollars = (index === ORGANIZATION ? 20_000 : 500) * (1 + Math.floor(unitAt(h, 1) * 10));
    return {
      thresholdCents: Math.round(baseDollars * this.#drift(index, nowMs) * 100),
      enforcing: unitAt(h, 2) < 0.75,
    };
  }

  /** Alerts at shares of the hard limit; without one, at fixed amounts. Every other project has none. */
  #alerts(index: number, nowMs: number): SimulatedSpendAlert[] {
    if (index !== ORGANIZATION && index % 2 === 1) return [];
    const limit = this.#spendLimit(index, nowMs)?.thresholdCents ?? 100_000;
    return ALERT_SHARES.map((share, i) => ({
      id: `alert_${token(hashOf(this.#seed, 0x21, index + 1, i), 16)}`,
      thresholdCents: Math.round(limit * share),
    }));
  }

  #rateLimits(index: number, nowMs: number): SimulatedRateLimit[] {
    const scale =
      (1 + Math.floor(unitAt(hashOf(this.#seed, 0x22, index), 0) * 4)) * this.#drift(index, nowMs);
    const models = index % 4 === 1 ? this.#models.filter((m) => m.model !== UNLIMITED_MODEL) : this.#models;
    return models.map(({ model, limits }) => ({
      id: `rl-${model}`,
      model,
      maxRequestsPerMinute: Math.round(limits.rpm * scale),
      maxTokensPerMinute: Math.round(limits.tpm * scale),
      ...(limits.images === undefined ? {} : { maxImagesPerMinute: Math.round(limits.images * scale) }),
      ...(limits.audioMb === undefined
        ? {}
        : { maxAudioMegabytesPerMinute: Math.round(limits.audioMb * scale) }),
      ...(limits.rpd === undefined ? {} : { maxRequestsPerDay: Math.round(limits.rpd * scale) }),
      ...(limits.batch === undefined ? {} : { batchInputTokensPerDay: Math.round(limits.batch * scale) }),
    }));
  }

  /** 1 for steady projects; for changing ones (every third, and the organization) 1x-2x by period. */
  #drift(index: number, nowMs: number): number {
    if (index !== ORGANIZATION && index % 3 !== 0) return 1;
    const period = Math.floor(nowMs / 1000 / LIMITS_PERIOD_SECONDS);
    return 1 + Math.floor(unitAt(hashOf(this.#seed, 0x23, index + 1, period), 0) * 5) / 4;
  }
}
