// Upgrading from one organization per exporter to an `organizations:` list: the state of the single
// organization sits in <storage.path> itself, while each listed entry keeps its own in
// <storage.path>/<name>/. The old file moves into the entry it belongs to, so that organization
// continues with no reset. Which entry that is must be known, not guessed: the entry whose key has
// the saved fingerprint, or else whose upstream names the saved organization id. A file that fits
// no entry, or more than one, stays where it is.

import { access, mkdir, rename } from 'node:fs/promises';
import type { Logger } from 'pino';
import { readState, StateRecoveryError, statePath } from './state-file.js';

export interface AdoptingEntry {
  readonly name: string;
  /** The entry's own state directory. */
  readonly directory: string;
  readonly keyFingerprint: string;
  /** The organization id the entry's key answers for; undefined when the upstream cannot tell. */
  organizationId(): Promise<string | undefined>;
}

export type Adoption =
  | { readonly adopted: string }
  | { readonly adopted: undefined; readonly reason: string | undefined };

/**
 * Moves the state file in `root` into the directory of the one entry it belongs to, when that
 * entry has none yet. `reason` says why nothing moved (undefined: there was nothing to move).
 */
export async function adoptRootState(
  root: string,
  entries: readonly AdoptingEntry[],
  logger: Logger,
): Promise<Adoption> {
  let saved: Awaited<ReturnType<typeof readState>>;
  try {
    saved = await readState(root);
  } catch (error) {
    if (!(error instanceof StateRecoveryError)) throw error;
    return left(logger, root, `it cannot be read (${error.reason})`);
  }
  if (saved === undefined) return { adopted: undefined, reason: undefined };
  const identity = saved.identity;
  if (identity === undefined) {
    return left(logger, root, 'it was written before state files named their organization');
  }
  const empty = new Set<AdoptingEntry>();
  for (const entry of entries) if (!(await exists(statePath(entry.directory)))) empty.add(entry);
  // The key decides over every entry; only the upstream's answer costs a request per entry, so it
  // is asked of the entries that still have no state.
  let matches = entries.filter((entry) => entry.keyFingerprint === identity.keyFingerprint);
  let how = 'its admin key';
  const savedOrganization = identity.organizationId;
  if (matches.length === 0 && savedOrganization !== undefined) {
    how = `its organization id ${savedOrganization}`;
    const candidates = [...empty];
    const answers = await Promise.all(
      candidates.map((entry) => entry.organizationId().catch(() => undefined)),
    );
    matches = candidates.filter((_entry, index) => answers[index] === savedOrganization);
  }
  if (matches.length > 1) {
    const names = matches.map((entry) => entry.name).join(', ');
    return left(logger, root, `it matches several organizations (${names}) by ${how}`);
  }
  const [entry] = matches;
  if (entry === undefined) {
    return left(logger, root, 'no listed organization matches its admin key or organization id');
  }
  if (!empty.has(entry)) {
    return left(logger, root, `organization "${entry.name}" matches it but already has a state of its own`);
  }
  await mkdir(entry.directory, { recursive: true });
  await rename(statePath(root), statePath(entry.directory));
  logger.info(
    { organization: entry.name, from: statePath(root), to: statePath(entry.directory) },
    `the state of the single-organization layout belongs to organization "${entry.name}" (by ${how}); moved into its directory, its counters continue`,
  );
  return { adopted: entry.name };
}

function left(logger: Logger, root: string, reason: string): Adoption {
  logger.warn(
    { path: statePath(root), reason },
    `the state of the single-organization layout stays where it is: ${reason}; no listed organization continues from it`,
  );
  return { adopted: undefined, reason };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
