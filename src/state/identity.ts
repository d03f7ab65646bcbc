// What saved counters belong to. A Prometheus series is its set of labels, so a category's ledger
// belongs to its organization, the *set* of its group_by labels and its filters; label order,
// field lists and whether the category is enabled right now are not part of it (see
// docs/state-and-upgrades.md). Only a real change of identity may start counters afresh.

import { createHash } from 'node:crypto';
import type { QueryFilters } from '../domain/bucket.js';
import { sameLabelSet } from '../ledger/snapshot-conform.js';

export interface SavedIdentity {
  /** See `keyFingerprint`: tells that the key changed without revealing it. */
  readonly keyFingerprint: string;
  /** `organization_id` of the costs answers, once the upstream named it. */
  readonly organizationId?: string;
}

/** How the running exporter identifies its organization. */
export interface UpstreamIdentity {
  readonly keyFingerprint: string;
  /** Asks the upstream for the organization id; undefined when it cannot tell (no costs, failure). */
  readonly organizationId: () => Promise<string | undefined>;
}

// A fixed prefix keeps the fingerprint from being a plain sha256 of the key that could be looked
// up elsewhere; 16 hex digits tell keys apart but are useless for guessing one.
const FINGERPRINT_PREFIX = 'openai-usage-exporter/state-identity/v1:';

export function keyFingerprint(adminKey: string): string {
  return createHash('sha256').update(FINGERPRINT_PREFIX).update(adminKey).digest('hex').slice(0, 16);
}

export interface OrganizationVerdict {
  readonly same: boolean;
  /** What changed: why the counters are from another organization, or why they still continue. */
  readonly note?: string;
  /** The change could not be verified either way: worth a warning even though counting continues. */
  readonly unverified?: boolean;
  readonly organizationId?: string;
}

/**
 * Whether saved counters came from the organization the exporter now reads. The admin key picks
 * the organization, not the URL, so a base URL change alone (a proxy) is not a change. A new key is
 * routine (secret rotation): it is another organization only when the upstream names another
 * organization id than the saved one. When that cannot be told (no saved or current id), the
 * counters continue with a warning: a reset would double-count a whole window in `increase()`.
 */
export async function verifyOrganization(
  saved: SavedIdentity | undefined,
  savedBaseUrl: string,
  current: UpstreamIdentity,
  currentBaseUrl: string,
): Promise<OrganizationVerdict> {
  if (saved === undefined) {
    // Files written before the identity block: the previous release keyed them on the base URL,
    // and its --demo runs wrote "demo" there.
    if (savedBaseUrl === 'demo' && currentBaseUrl !== 'demo') {
      return { same: false, note: 'the saved state came from --demo' };
    }
    if (savedBaseUrl === currentBaseUrl) return { same: true };
  } else if (saved.keyFingerprint === current.keyFingerprint) {
    return organizationKnown(saved.organizationId);
  }
  // Only a changed key (or URL) waits for the upstream, before anything is counted.
  const now = await learn(current);
  const before = saved?.organizationId;
  if (before !== undefined && now !== undefined) {
    if (before === now) return { same: true, organizationId: now, note: 'admin key rotated' };
    return { same: false, organizationId: now, note: `organization changed: ${before} -> ${now}` };
  }
  return {
    ...organizationKnown(now),
    unverified: true,
    note:
      saved === undefined
        ? `base URL changed (${savedBaseUrl} -> ${currentBaseUrl}) and the organization could not be verified`
        : 'admin key changed and the organization could not be verified',
  };
}

/** The current organization id; a failing upstream only means it stays unknown for now. */
export function learn(current: UpstreamIdentity): Promise<string | undefined> {
  return current.organizationId().catch(() => undefined);
}

function organizationKnown(id: string | undefined): OrganizationVerdict {
  return id === undefined ? { same: true } : { same: true, organizationId: id };
}

/** One line naming how a category's saved identity differs from its configuration, if it does. */
export function categoryChange(
  category: string,
  saved: { labelNames: readonly string[]; filters: QueryFilters | undefined },
  current: { labelNames: readonly string[]; filters: QueryFilters },
): { reason: 'labels_changed' | 'filters_changed'; change: string } | undefined {
  if (!sameLabelSet(saved.labelNames, current.labelNames)) {
    return {
      reason: 'labels_changed',
      change: `${category}: group_by [${saved.labelNames.join(',')}] -> [${current.labelNames.join(',')}]`,
    };
  }
  // Files from before filters were saved carry none: the filters then are unknown, not changed.
  if (saved.filters !== undefined && canonicalFilters(saved.filters) !== canonicalFilters(current.filters)) {
    return {
      reason: 'filters_changed',
      change: `filters of ${category} changed: ${canonicalFilters(saved.filters)} -> ${canonicalFilters(current.filters)}`,
    };
  }
  return undefined;
}

/** Filter values are sets: order and repetition do not change what is counted. */
export function canonicalFilters(filters: QueryFilters): string {
  const entries = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, Array.isArray(value) ? [...new Set(value)].sort() : value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}
