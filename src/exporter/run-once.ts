import type { StorageLock } from '../state/storage-directory.js';
import type { Exporter } from './exporter.js';

export interface OnceState {
  organizationLearned(): Promise<void>;
  save(pollers: Exporter['pollers']): Promise<void>;
}

/**
 * --once: polls everything once, saves the state when this run holds the storage lock, and writes
 * the exposition to stdout. Resolves whether every poll succeeded.
 */
export async function runOnce(
  exporter: Exporter,
  state: OnceState,
  lock: StorageLock | undefined,
): Promise<boolean> {
  const ok = await exporter.pollAll();
  if (lock !== undefined) {
    await state.organizationLearned();
    await state.save(exporter.pollers);
  }
  lock?.release();
  // stdout to a pipe is asynchronous: exiting before the write drains would cut the output.
  await new Promise<void>((resolve) => process.stdout.write(exporter.cache.plain, () => resolve()));
  return ok;
}
