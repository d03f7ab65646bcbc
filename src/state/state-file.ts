// The state file: counters, ledgers and poll progress, saved atomically so a kill at any instant
// leaves either the previous or the new file, never a torn one.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueryFilters } from '../domain/bucket.js';
import { DEFAULT_PACING, type Pacing } from '../domain/pacing.js';
import { ExporterError } from '../errors.js';
import type { SavedLedger } from '../ledger/ledger-snapshot.js';
import type { SavedIdentity } from './identity.js';
import { jsonPieces, type Streamable } from './json-stream.js';
import { fileSink, writePaced } from './paced-writer.js';

export const STATE_VERSION = 1;
export const STATE_FILE_NAME = 'openai-usage-exporter.state.json';

export interface SavedCategory {
  readonly ledger: SavedLedger;
  /** Unix seconds of the last successful poll per bucket width. */
  readonly lastSuccess: Readonly<Record<string, number>>;
  /** The filters the ledger was counted with; absent in files written before they were saved. */
  readonly filters?: QueryFilters;
}

export interface SavedState {
  readonly version: number;
  readonly savedAt: number;
  /** The upstream URL the counters came from; still written for older releases, which compare it. */
  readonly baseUrl: string;
  /** The organization the counters belong to; absent in files written before it was saved. */
  readonly identity?: SavedIdentity;
  /** Also the entries of categories that are disabled now, carried verbatim until they return. */
  readonly categories: Readonly<Record<string, SavedCategory>>;
  /**
   * The spend estimate (its counters and how far it priced each ledger), frozen at the same instant
   * as the ledgers; absent in files written before it was saved. Read by src/pricing/estimator.ts.
   */
  readonly estimate?: unknown;
}

export type RecoveryReason = 'corrupt' | 'empty' | 'future_version' | 'unreadable';

export class StateRecoveryError extends ExporterError {
  override readonly name = 'StateRecoveryError';
  constructor(
    readonly reason: RecoveryReason,
    message: string,
  ) {
    super(message);
  }
}

export function statePath(directory: string): string {
  return join(directory, STATE_FILE_NAME);
}

/** Undefined when there is no state yet; throws StateRecoveryError when the file cannot be used. */
export async function readState(directory: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(directory), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateRecoveryError('unreadable', `cannot read the state file: ${(error as Error).message}`);
  }
  if (text.trim().length === 0) throw new StateRecoveryError('empty', 'the state file is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateRecoveryError('corrupt', `the state file is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StateRecoveryError('corrupt', 'the state file does not hold an object');
  }
  const state = parsed as Partial<SavedState>;
  if (typeof state.version !== 'number')
    throw new StateRecoveryError('corrupt', 'the state file has no version');
  if (state.version > STATE_VERSION) {
    throw new StateRecoveryError(
      'future_version',
      `the state file has version ${state.version}, newer than ${STATE_VERSION}`,
    );
  }
  if (state.version !== STATE_VERSION || typeof state.categories !== 'object' || state.categories === null) {
    throw new StateRecoveryError(
      'corrupt',
      `the state file has an unknown layout (version ${state.version})`,
    );
  }
  if (typeof state.baseUrl !== 'string' || typeof state.savedAt !== 'number') {
    throw new StateRecoveryError('corrupt', 'the state file lacks baseUrl or savedAt');
  }
  if (!isIdentity(state.identity)) {
    // A hand-edited identity is ignored rather than fatal: the base URL rule then applies.
    const { identity: _ignored, ...rest } = state as SavedState;
    return rest;
  }
  return state as SavedState;
}

function isIdentity(value: unknown): value is SavedIdentity | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { keyFingerprint, organizationId } = value as Record<string, unknown>;
  return (
    typeof keyFingerprint === 'string' && (organizationId === undefined || typeof organizationId === 'string')
  );
}

/**
 * Write to a temporary file, fsync it, rename it over the old one, fsync the directory. The text is
 * exactly `JSON.stringify` of the state, produced in paced slices; parts given as pieces (frozen
 * ledgers) must already be copies, since polls may ingest while the file is written.
 */
export async function writeState(
  directory: string,
  state: Streamable<SavedState>,
  pacing: Pacing = DEFAULT_PACING,
): Promise<void> {
  await mkdir(directory, { recursive: true });
  const target = statePath(directory);
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await writePaced(jsonPieces(state), fileSink(file), pacing);
    await file.sync();
  } catch (error) {
    await file.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await file.close();
  try {
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  const dir = await open(directory, 'r').catch(() => undefined);
  if (dir !== undefined) {
    await dir.sync().catch(() => undefined);
    await dir.close();
  }
}

/** Keeps an unusable state file for inspection instead of deleting it. */
export async function moveAside(
  directory: string,
  reason: RecoveryReason,
  nowMs: number,
): Promise<string | undefined> {
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-');
  const aside = `${statePath(directory)}.${reason}-${stamp}`;
  try {
    await rename(statePath(directory), aside);
    return aside;
  } catch {
    return undefined;
  }
}
